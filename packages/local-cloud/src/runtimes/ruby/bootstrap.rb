# frozen_string_literal: true

# The Ruby runtime client: pulls invocations from the Lambda Runtime API and calls
# handler(event:, context:) the way AWS's managed ruby3.x runtimes do. Standard library only
# (RubyGems is not reachable here) and started with --disable-gems for a fast start.

require 'json'
require 'net/http'

module LocalLambda
  # One keep-alive connection to the Runtime API; /invocation/next blocks until work arrives.
  class RuntimeApi
    # AWS_LAMBDA_RUNTIME_API is host:port, as on AWS.
    def initialize(address)
      host, port = address.split(':')
      @runtime_path = '/2018-06-01/runtime'
      @http = Net::HTTP.new(host, Integer(port))
      @http.read_timeout = nil
      @http.keep_alive_timeout = 3600
      @http.start
    end

    def next_invocation
      response = @http.request(Net::HTTP::Get.new("#{@runtime_path}/invocation/next"))
      unless response.code == '200'
        raise "Runtime API /invocation/next answered #{response.code}: #{response.body.to_s[0, 200]}"
      end

      response
    end

    def post_response(request_id, body)
      post("#{@runtime_path}/invocation/#{request_id}/response", body, nil)
    end

    def post_error(request_id, error)
      post("#{@runtime_path}/invocation/#{request_id}/error", JSON.generate(error), error[:errorType])
    end

    def post_init_error(error)
      post("#{@runtime_path}/init/error", JSON.generate(error), error[:errorType])
    end

    private

    def post(path, body, error_type)
      request = Net::HTTP::Post.new(path)
      request['Content-Type'] = 'application/json'
      request['Lambda-Runtime-Function-Error-Type'] = error_type if error_type
      request.body = body
      @http.request(request)
    end
  end

  # The context object AWS passes as the handler's `context:` keyword.
  class LambdaContext
    attr_reader :aws_request_id, :invoked_function_arn, :log_group_name, :log_stream_name,
                :function_name, :memory_limit_in_mb, :function_version, :identity, :client_context,
                :deadline_ms

    def initialize(response)
      @aws_request_id = response['Lambda-Runtime-Aws-Request-Id']
      @invoked_function_arn = response['Lambda-Runtime-Invoked-Function-Arn']
      @deadline_ms = Integer(response['Lambda-Runtime-Deadline-Ms'] || '0')
      @identity = parse_json(response['Lambda-Runtime-Cognito-Identity'])
      @client_context = parse_json(response['Lambda-Runtime-Client-Context'])
      @log_group_name = ENV['AWS_LAMBDA_LOG_GROUP_NAME']
      @log_stream_name = ENV['AWS_LAMBDA_LOG_STREAM_NAME']
      @function_name = ENV['AWS_LAMBDA_FUNCTION_NAME']
      @memory_limit_in_mb = ENV['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']
      @function_version = ENV.fetch('AWS_LAMBDA_FUNCTION_VERSION', '$LATEST')
    end

    def get_remaining_time_in_millis
      [@deadline_ms - (Time.now.to_f * 1000).to_i, 0].max
    end

    private

    def parse_json(value)
      value.nil? || value.empty? ? nil : JSON.parse(value)
    rescue JSON::ParserError
      nil
    end
  end

  # An error already shaped the way AWS reports it.
  class RuntimeFault < StandardError
    attr_reader :error_type, :stack

    def initialize(error_type, message, stack = [])
      super(message)
      @error_type = error_type
      @stack = stack
    end
  end

  # `file.method` calls a top-level method; `file.Module::Class.method` a class method.
  class Handler
    def initialize(spec, task_root)
      parts = spec.split('.')
      raise RuntimeFault.new('Init<ArgumentError>', "Bad handler '#{spec}': expected file.method") if parts.size < 2

      @file = parts[0]
      @method_name = parts[-1]
      @receiver_name = parts.size > 2 ? parts[1..-2].join('.') : nil
      @task_root = task_root
    end

    def load
      path = File.join(@task_root, @file)
      begin
        require path
      rescue LoadError, StandardError, ScriptError => e
        raise RuntimeFault.new("Init<#{e.class}>", e.message, e.backtrace || [])
      end
      @receiver = @receiver_name ? resolve_receiver : TOPLEVEL_BINDING.receiver
      return if @receiver.respond_to?(@method_name, true)

      target = @receiver_name || @file
      raise RuntimeFault.new('Init<NoMethodError>', "undefined method `#{@method_name}' for #{target}")
    end

    def call(event, context)
      @receiver.__send__(@method_name, event: event, context: context)
    end

    private

    def resolve_receiver
      @receiver_name.split('::').reduce(Object) { |scope, name| scope.const_get(name) }
    rescue NameError => e
      raise RuntimeFault.new('Init<NameError>', e.message, e.backtrace || [])
    end
  end

  def self.log_error(message, payload)
    $stdout.puts("#{message}\n#{JSON.generate(payload)}")
  end

  def self.run
    $stdout.sync = true
    $stderr.sync = true
    task_root = ENV.fetch('LAMBDA_TASK_ROOT', Dir.pwd)
    $LOAD_PATH.unshift(task_root, File.join(task_root, 'lib'))
    Dir.chdir(task_root)
    api = RuntimeApi.new(ENV.fetch('AWS_LAMBDA_RUNTIME_API'))
    handler = Handler.new(ENV.fetch('_HANDLER'), task_root)
    begin
      handler.load
    rescue RuntimeFault => e
      payload = { errorMessage: e.message, errorType: e.error_type, stackTrace: e.stack }
      log_error('Init error when loading handler', payload)
      api.post_init_error(payload)
      exit(1)
    end

    loop do
      response = api.next_invocation
      request_id = response['Lambda-Runtime-Aws-Request-Id']
      trace_id = response['Lambda-Runtime-Trace-Id']
      trace_id ? ENV['_X_AMZN_TRACE_ID'] = trace_id : ENV.delete('_X_AMZN_TRACE_ID')
      begin
        event = JSON.parse(response.body.to_s.empty? ? 'null' : response.body)
        result = handler.call(event, LambdaContext.new(response))
        api.post_response(request_id, JSON.generate(result))
      rescue StandardError, ScriptError => e
        # Frames of this client are not the user's; AWS shows the handler's own.
        stack = (e.backtrace || []).reject { |frame| frame.start_with?(__FILE__) }
        payload = { errorMessage: e.message, errorType: "Function<#{e.class}>", stackTrace: stack }
        log_error('Error raised from handler method', payload)
        api.post_error(request_id, payload)
      end
    end
  end
end

LocalLambda.run if $PROGRAM_NAME == __FILE__
