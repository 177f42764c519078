package scientist.fizzbuzz;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** FizzBuzz, in Java: the numbers from {@code from} up to {@code to}, one a line, as plain text. */
public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final Pattern POSITIVE = Pattern.compile("[1-9]\\d{0,8}");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
  private static final int MOST_NUMBERS = 10000;

  /** The FizzBuzz lines for from up to to, joined with "\n". */
  static String fizzbuzz(int from, int to) {
    StringJoiner lines = new StringJoiner("\n");
    for (int number = from; number <= to; number++) {
      if (number % 15 == 0) {
        lines.add("Fizz Buzz");
      } else if (number % 3 == 0) {
        lines.add("Fizz");
      } else if (number % 5 == 0) {
        lines.add("Buzz");
      } else {
        lines.add(Integer.toString(number));
      }
    }
    return lines.toString();
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    Map<String, String> query = request.getQueryStringParameters() == null ? Map.of() : request.getQueryStringParameters();
    String rawFrom = query.getOrDefault("from", "1");
    if (!POSITIVE.matcher(rawFrom).matches()) {
      return refuse(400, "query parameter 'from' must be a positive integer");
    }
    int from = Integer.parseInt(rawFrom);
    String rawTo = query.get("to");
    if (rawTo != null && !INTEGER.matcher(rawTo).matches()) {
      return refuse(400, "query parameter 'to' must be an integer");
    }
    int to = rawTo == null ? from + 99 : Integer.parseInt(rawTo);
    if (to - from >= MOST_NUMBERS) {
      return refuse(400, "from and to may span at most " + MOST_NUMBERS + " numbers");
    }
    String text = fizzbuzz(from, to);
    if (text == null) {
      return refuse(501, "fizzbuzz is not written yet: see the comment in the handler");
    }
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(200)
        .withHeaders(Map.of("content-type", "text/plain"))
        .withBody(text);
  }

  private static APIGatewayProxyResponseEvent refuse(int statusCode, String message) {
    // The messages hold no characters that JSON needs escaped.
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(statusCode)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody("{\"message\":\"" + message + "\"}");
  }
}
