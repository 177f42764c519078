package main

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func get(t *testing.T, query map[string]string) events.APIGatewayProxyResponse {
	t.Helper()
	response, err := handle(context.Background(), events.APIGatewayProxyRequest{QueryStringParameters: query})
	if err != nil {
		t.Fatalf("handle: %v", err)
	}
	return response
}

func TestRoundsHalvesAwayFromZero(t *testing.T) {
	for number, rounded := range map[string]string{
		"62.5": "63", "62.4": "62", "-2.5": "-3", "-0.4": "-0", "1e21": "1000000000000000000000",
	} {
		response := get(t, map[string]string{"number": number})
		if response.StatusCode != 200 || response.Body != rounded || response.Headers["content-type"] != "text/plain" {
			t.Errorf("number=%s: got %d %q, want 200 %q", number, response.StatusCode, response.Body, rounded)
		}
	}
}

func TestRefusesWhatIsNotADecimalNumber(t *testing.T) {
	for _, number := range []string{"abc", "", "1e400", " 1", "inf", "0x10", "1_0"} {
		response := get(t, map[string]string{"number": number})
		want := `{"message":"query parameter 'number' must be a decimal number"}`
		if response.StatusCode != 400 || response.Body != want {
			t.Errorf("number=%q: got %d %s", number, response.StatusCode, response.Body)
		}
	}
}

func TestAsksForAMissingNumber(t *testing.T) {
	response := get(t, nil)
	if response.StatusCode != 400 || response.Body != `{"message":"query parameter 'number' is required"}` {
		t.Errorf("got %d %s", response.StatusCode, response.Body)
	}
}
