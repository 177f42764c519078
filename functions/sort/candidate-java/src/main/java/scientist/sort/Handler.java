package scientist.sort;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Sort, in Java: a JSON list of numbers in, the same list in ascending order out. */
public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final String NOT_A_LIST = "{\"message\":\"request body must be a JSON list of numbers\"}";
  private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    List<BigDecimal> numbers = parse(request.getBody());
    if (numbers == null) {
      return respond(400, NOT_A_LIST);
    }
    // BigDecimal keeps each number exactly as it was written, so 2.5 stays 2.5 and 7 stays 7.
    numbers.sort(BigDecimal::compareTo);
    return respond(200, numbers.stream().map(BigDecimal::toString).collect(Collectors.joining(",", "[", "]")));
  }

  /** The numbers in the body, or null when it is not a JSON list of numbers. */
  static List<BigDecimal> parse(String body) {
    JsonElement parsed;
    try {
      parsed = body == null ? null : GSON.fromJson(body, JsonElement.class);
    } catch (JsonParseException notJson) {
      return null;
    }
    if (parsed == null || !parsed.isJsonArray()) {
      return null;
    }
    JsonArray items = parsed.getAsJsonArray();
    List<BigDecimal> numbers = new ArrayList<>(items.size());
    for (JsonElement item : items) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
        return null;
      }
      numbers.add(item.getAsBigDecimal());
    }
    return numbers;
  }

  private static APIGatewayProxyResponseEvent respond(int statusCode, String body) {
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(statusCode)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody(body);
  }
}
