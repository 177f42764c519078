package scientist.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerTest {
  private static APIGatewayProxyResponseEvent post(String body) {
    return new Handler()
        .handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(body), null);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[3,1,2]|[1,2,3]",
        "[10, 9, 100, 1]|[1,9,10,100]",
        "[-2.5, 3.14, 0, -10]|[-10,-2.5,0,3.14]",
        "[1.0, 0.5]|[0.5,1.0]",
        "[]|[]"
      })
  void sortsNumbers(String body, String sorted) {
    APIGatewayProxyResponseEvent response = post(body);
    assertEquals(200, response.getStatusCode());
    assertEquals("application/json", response.getHeaders().get("content-type"));
    assertEquals(sorted, response.getBody());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "null", "not json", "{\"a\":1}", "[1,\"2\"]", "[1,null]", "[true]", "\"[1]\"", "[1;2]", "[1] x"})
  void refusesWhatIsNotAListOfNumbers(String body) {
    APIGatewayProxyResponseEvent response = post(body);
    assertEquals(400, response.getStatusCode());
    assertEquals("{\"message\":\"request body must be a JSON list of numbers\"}", response.getBody());
  }
}
