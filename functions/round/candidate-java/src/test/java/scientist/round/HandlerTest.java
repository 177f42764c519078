package scientist.round;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HandlerTest {
  private static APIGatewayProxyResponseEvent get(String number) {
    Map<String, String> query = number == null ? null : Map.of("number", number);
    return new Handler().handleRequest(new APIGatewayProxyRequestEvent().withQueryStringParameters(query), null);
  }

  @ParameterizedTest
  @CsvSource({"62.5,63", "62.4,62", "-2.5,-2", "-0.4,0", "1e21,9223372036854775807"})
  void roundsHalvesUpIntoALong(String number, String rounded) {
    APIGatewayProxyResponseEvent response = get(number);
    assertEquals(200, response.getStatusCode());
    assertEquals("text/plain", response.getHeaders().get("content-type"));
    assertEquals(rounded, response.getBody());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "1e400", " 1", "NaN", "1d", "0x10"})
  void refusesWhatIsNotADecimalNumber(String number) {
    APIGatewayProxyResponseEvent response = get(number);
    assertEquals(400, response.getStatusCode());
    assertEquals("{\"message\":\"query parameter 'number' must be a decimal number\"}", response.getBody());
  }

  @Test
  void asksForAMissingNumber() {
    assertEquals("{\"message\":\"query parameter 'number' is required\"}", get(null).getBody());
  }
}
