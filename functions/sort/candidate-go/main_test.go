package main

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func post(t *testing.T, body string) events.APIGatewayProxyResponse {
	t.Helper()
	response, err := handle(context.Background(), events.APIGatewayProxyRequest{HTTPMethod: "POST", Body: body})
	if err != nil {
		t.Fatalf("handle: %v", err)
	}
	return response
}

func TestSortsNumbers(t *testing.T) {
	for body, sorted := range map[string]string{
		"[3,1,2]":              "[1,2,3]",
		"[10, 9, 100, 1]":      "[1,9,10,100]",
		"[-2.5, 3.14, 0, -10]": "[-10,-2.5,0,3.14]",
		"[1.0, 0.5]":           "[0.5,1]",
		"[]":                   "[]",
	} {
		response := post(t, body)
		if response.StatusCode != 200 || response.Body != sorted || response.Headers["content-type"] != "application/json" {
			t.Errorf("%s: got %d %s, want 200 %s", body, response.StatusCode, response.Body, sorted)
		}
	}
}

func TestRefusesWhatIsNotAListOfNumbers(t *testing.T) {
	for _, body := range []string{"", "null", "not json", `{"a":1}`, `[1,"2"]`, "[1,null]", "[true]", `"[1]"`} {
		response := post(t, body)
		if response.StatusCode != 400 || response.Body != `{"message":"request body must be a JSON list of numbers"}` {
			t.Errorf("%q: got %d %s", body, response.StatusCode, response.Body)
		}
	}
}
