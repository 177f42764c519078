require 'minitest/autorun'
require_relative '../handler'

class HandlerTest < Minitest::Test
  def post(body)
    handler(event: { 'httpMethod' => 'POST', 'body' => body }, context: nil)
  end

  def test_sorts_numbers
    {
      '[3,1,2]' => '[1,2,3]',
      '[10, 9, 100, 1]' => '[1,9,10,100]',
      '[-2.5, 3.14, 0, -10]' => '[-10,-2.5,0,3.14]',
      '[1.0, 0.5]' => '[0.5,1.0]',
      '[]' => '[]'
    }.each do |body, sorted|
      assert_equal({ statusCode: 200, headers: { 'content-type' => 'application/json' }, body: sorted }, post(body), body)
    end
  end

  def test_refuses_what_is_not_a_list_of_numbers
    [nil, '', 'null', 'not json', '{"a":1}', '[1,"2"]', '[1,null]', '[true]', '"[1]"', '[NaN]'].each do |body|
      response = post(body)
      assert_equal 400, response[:statusCode], body.inspect
      assert_equal '{"message":"request body must be a JSON list of numbers"}', response[:body]
    end
  end
end
