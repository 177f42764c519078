# Sort, in Ruby: a JSON list of numbers in, the same list in ascending order out.
require 'json'

NOT_A_LIST = 'request body must be a JSON list of numbers'

def handler(event:, context:)
  numbers = parse(event['body'])
  return respond(400, { message: NOT_A_LIST }) unless numbers

  respond(200, numbers.sort)
end

# The numbers in the body, or nil when it is not a JSON list of numbers.
def parse(body)
  value = JSON.parse(body.to_s)
  value if value.is_a?(Array) && value.all?(Numeric)
rescue JSON::ParserError
  nil
end

def respond(status_code, value)
  { statusCode: status_code, headers: { 'content-type' => 'application/json' }, body: JSON.generate(value) }
end
