package scientist.round;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import java.util.regex.Pattern;

/** Round, in Java, with Math.round: halves go up like JavaScript's, but the result is a long. */
public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    Map<String, String> query = request.getQueryStringParameters();
    String raw = query == null ? null : query.get("number");
    if (raw == null) {
      return badRequest("query parameter 'number' is required");
    }
    // Double.parseDouble alone would also take "NaN", "1d" or "0x1p3".
    double number = DECIMAL.matcher(raw).matches() ? Double.parseDouble(raw) : Double.NaN;
    if (!Double.isFinite(number)) {
      return badRequest("query parameter 'number' must be a decimal number");
    }
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(200)
        .withHeaders(Map.of("content-type", "text/plain"))
        .withBody(Long.toString(Math.round(number)));
  }

  private static APIGatewayProxyResponseEvent badRequest(String message) {
    // The messages hold no characters that JSON needs escaped.
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(400)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody("{\"message\":\"" + message + "\"}");
  }
}
