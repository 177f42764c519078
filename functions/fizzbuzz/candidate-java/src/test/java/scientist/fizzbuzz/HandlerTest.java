package scientist.fizzbuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plumbing's tests; add your own for fizzbuzz itself. */
class HandlerTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "from|0|query parameter 'from' must be a positive integer",
        "from|x|query parameter 'from' must be a positive integer",
        "to|1.5|query parameter 'to' must be an integer",
        "to|10100|from and to may span at most 10000 numbers"
      })
  void refusesBadParameters(String name, String value, String message) {
    APIGatewayProxyResponseEvent response =
        new Handler().handleRequest(new APIGatewayProxyRequestEvent().withQueryStringParameters(Map.of(name, value)), null);
    assertEquals(400, response.getStatusCode());
    assertEquals("{\"message\":\"" + message + "\"}", response.getBody());
  }
}
