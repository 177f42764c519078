require 'json'
require 'minitest/autorun'
require_relative '../handler'

# The plumbing's tests; add your own for fizzbuzz itself.
class HandlerTest < Minitest::Test
  def test_refuses_bad_parameters
    {
      { 'from' => '0' } => "query parameter 'from' must be a positive integer",
      { 'from' => 'x' } => "query parameter 'from' must be a positive integer",
      { 'to' => '1.5' } => "query parameter 'to' must be an integer",
      { 'from' => '1', 'to' => '10001' } => 'from and to may span at most 10000 numbers'
    }.each do |query, message|
      response = handler(event: { 'queryStringParameters' => query }, context: nil)
      assert_equal 400, response[:statusCode], query.inspect
      assert_equal({ 'message' => message }, JSON.parse(response[:body]))
    end
  end
end
