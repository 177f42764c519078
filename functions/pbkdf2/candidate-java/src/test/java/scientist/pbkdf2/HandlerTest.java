package scientist.pbkdf2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandlerTest {
  private static final String RFC_6070_SHA512 =
      "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
          + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce";

  private static APIGatewayProxyResponseEvent get(Map<String, String> query) {
    return new Handler().handleRequest(new APIGatewayProxyRequestEvent().withQueryStringParameters(query), null);
  }

  @Test
  void derivesA64ByteKeyInHex() {
    APIGatewayProxyResponseEvent response = get(Map.of("password", "password", "salt", "salt", "iterations", "1"));
    assertEquals(200, response.getStatusCode());
    assertEquals("text/plain", response.getHeaders().get("content-type"));
    assertEquals(RFC_6070_SHA512, response.getBody());
  }

  @Test
  void hasDefaultsForEveryParameter() {
    assertTrue(get(null).getBody().matches("[0-9a-f]{128}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "iterations|0|query parameter 'iterations' must be an integer from 1 to 100000",
        "iterations|100001|query parameter 'iterations' must be an integer from 1 to 100000",
        "iterations|many|query parameter 'iterations' must be an integer from 1 to 100000",
        "password|''|query parameter 'password' must not be empty",
        "salt|''|query parameter 'salt' must not be empty"
      })
  void refusesBadParameters(String name, String value, String message) {
    APIGatewayProxyResponseEvent response = get(Map.of(name, value));
    assertEquals(400, response.getStatusCode());
    assertEquals("{\"message\":\"" + message + "\"}", response.getBody());
  }
}
