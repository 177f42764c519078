require 'json'
require 'minitest/autorun'
require_relative '../handler'

class HandlerTest < Minitest::Test
  RFC_6070_SHA512 = '867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252' \
                    'c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce'

  def get(query)
    handler(event: { 'queryStringParameters' => query }, context: nil)
  end

  def test_derives_a_64_byte_key_in_hex
    response = get({ 'password' => 'password', 'salt' => 'salt', 'iterations' => '1' })
    assert_equal({ statusCode: 200, headers: { 'content-type' => 'text/plain' }, body: RFC_6070_SHA512 }, response)
  end

  def test_has_defaults_for_every_parameter
    assert_match(/\A[0-9a-f]{128}\z/, get(nil)[:body])
  end

  def test_refuses_bad_parameters
    range = "query parameter 'iterations' must be an integer from 1 to 100000"
    {
      { 'iterations' => '0' } => range,
      { 'iterations' => '100001' } => range,
      { 'iterations' => 'many' } => range,
      { 'password' => '' } => "query parameter 'password' must not be empty",
      { 'salt' => '' } => "query parameter 'salt' must not be empty"
    }.each do |query, message|
      response = get(query)
      assert_equal 400, response[:statusCode], query.inspect
      assert_equal({ 'message' => message }, JSON.parse(response[:body]))
    end
  end
end
