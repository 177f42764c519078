# Round, in Ruby, with Float#round: halves go away from zero (-2.5 -> -3), and the result is an
# Integer, written in full however large.
require 'json'

DECIMAL = /\A[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\z/

def handler(event:, context:)
  raw = (event['queryStringParameters'] || {})['number']
  return bad_request("query parameter 'number' is required") if raw.nil?

  number = DECIMAL.match?(raw) ? Float(raw) : Float::NAN
  return bad_request("query parameter 'number' must be a decimal number") unless number.finite?

  { statusCode: 200, headers: { 'content-type' => 'text/plain' }, body: number.round.to_s }
end

def bad_request(message)
  { statusCode: 400, headers: { 'content-type' => 'application/json' }, body: JSON.generate({ message: message }) }
end
