package scientist.pbkdf2;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2, in Java: a key derived from a password with the JDK's PBKDF2WithHmacSHA512. */
public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final Pattern ITERATIONS = Pattern.compile("[1-9]\\d{0,5}");
  private static final int MOST_ITERATIONS = 100000;
  private static final int KEY_BITS = 512;

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    Map<String, String> query =
        request.getQueryStringParameters() == null ? Map.of() : request.getQueryStringParameters();
    String password = query.getOrDefault("password", "correct horse battery staple");
    String salt = query.getOrDefault("salt", "serverless-scientist");
    String rawIterations = query.getOrDefault("iterations", "10000");
    if (password.isEmpty()) {
      return badRequest("query parameter 'password' must not be empty");
    }
    if (salt.isEmpty()) {
      return badRequest("query parameter 'salt' must not be empty");
    }
    if (!ITERATIONS.matcher(rawIterations).matches() || Integer.parseInt(rawIterations) > MOST_ITERATIONS) {
      return badRequest("query parameter 'iterations' must be an integer from 1 to " + MOST_ITERATIONS);
    }
    byte[] key;
    try {
      // The JDK encodes the password's characters as UTF-8, as the other variants do.
      PBEKeySpec spec = new PBEKeySpec(
          password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), Integer.parseInt(rawIterations), KEY_BITS);
      key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException unavailable) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JDK", unavailable);
    }
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(200)
        .withHeaders(Map.of("content-type", "text/plain"))
        .withBody(HexFormat.of().formatHex(key));
  }

  private static APIGatewayProxyResponseEvent badRequest(String message) {
    // The messages hold no characters that JSON needs escaped.
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(400)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody("{\"message\":\"" + message + "\"}");
  }
}
