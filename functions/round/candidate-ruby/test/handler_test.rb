require 'minitest/autorun'
require_relative '../handler'

class HandlerTest < Minitest::Test
  def get(number)
    handler(event: { 'queryStringParameters' => number.nil? ? nil : { 'number' => number } }, context: nil)
  end

  def test_rounds_halves_away_from_zero
    { '62.5' => '63', '62.4' => '62', '-2.5' => '-3', '-0.4' => '0', '1e21' => '1000000000000000000000' }.each do |number, rounded|
      assert_equal({ statusCode: 200, headers: { 'content-type' => 'text/plain' }, body: rounded }, get(number), number)
    end
  end

  def test_refuses_what_is_not_a_decimal_number
    ['abc', '', '1e400', ' 1', 'NaN', '1_0', "1\n"].each do |number|
      response = get(number)
      assert_equal 400, response[:statusCode], number
      assert_equal %q({"message":"query parameter 'number' must be a decimal number"}), response[:body]
    end
  end

  def test_asks_for_a_missing_number
    assert_equal %q({"message":"query parameter 'number' is required"}), get(nil)[:body]
  end
end
