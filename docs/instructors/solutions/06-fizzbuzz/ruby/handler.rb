# FizzBuzz, in Ruby: the numbers from `from` up to `to`, one a line, as plain text.
require 'json'

POSITIVE = /\A[1-9]\d{0,8}\z/
INTEGER = /\A-?\d{1,9}\z/
MOST_NUMBERS = 10_000

# The FizzBuzz lines for first up to last (both Integers), joined with "\n".
def fizzbuzz(first, last)
  (first..last).map do |number|
    if (number % 15).zero? then 'Fizz Buzz'
    elsif (number % 3).zero? then 'Fizz'
    elsif (number % 5).zero? then 'Buzz'
    else number.to_s
    end
  end.join("\n")
end

def handler(event:, context:)
  query = event['queryStringParameters'] || {}
  raw_from = query.fetch('from', '1')
  return refuse(400, "query parameter 'from' must be a positive integer") unless POSITIVE.match?(raw_from)

  first = Integer(raw_from, 10)
  raw_to = query['to']
  return refuse(400, "query parameter 'to' must be an integer") if raw_to && !INTEGER.match?(raw_to)

  last = raw_to ? Integer(raw_to, 10) : first + 99
  return refuse(400, "from and to may span at most #{MOST_NUMBERS} numbers") if last - first >= MOST_NUMBERS

  text = fizzbuzz(first, last)
  return refuse(501, 'fizzbuzz is not written yet: see the comment in the handler') if text.nil?

  { statusCode: 200, headers: { 'content-type' => 'text/plain' }, body: text }
end

def refuse(status_code, message)
  { statusCode: status_code, headers: { 'content-type' => 'application/json' }, body: JSON.generate({ message: message }) }
end
