# PBKDF2, in Ruby: a key derived from a password with OpenSSL's PBKDF2-HMAC-SHA512.
require 'json'
require 'openssl'

ITERATIONS = /\A[1-9]\d{0,5}\z/
MOST_ITERATIONS = 100_000
KEY_BYTES = 64

def handler(event:, context:)
  query = event['queryStringParameters'] || {}
  password = query.fetch('password', 'correct horse battery staple')
  salt = query.fetch('salt', 'serverless-scientist')
  raw_iterations = query.fetch('iterations', '10000')
  return bad_request("query parameter 'password' must not be empty") if password.empty?
  return bad_request("query parameter 'salt' must not be empty") if salt.empty?
  unless ITERATIONS.match?(raw_iterations) && Integer(raw_iterations, 10) <= MOST_ITERATIONS
    return bad_request("query parameter 'iterations' must be an integer from 1 to #{MOST_ITERATIONS}")
  end

  key = OpenSSL::PKCS5.pbkdf2_hmac(password, salt, Integer(raw_iterations, 10), KEY_BYTES, 'sha512')
  { statusCode: 200, headers: { 'content-type' => 'text/plain' }, body: key.unpack1('H*') }
end

def bad_request(message)
  { statusCode: 400, headers: { 'content-type' => 'application/json' }, body: JSON.generate({ message: message }) }
end
