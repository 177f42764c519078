package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// The plumbing's tests; add your own for fizzbuzz itself.
func TestRefusesBadParameters(t *testing.T) {
	cases := []struct {
		query   map[string]string
		message string
	}{
		{map[string]string{"from": "0"}, "query parameter 'from' must be a positive integer"},
		{map[string]string{"from": "x"}, "query parameter 'from' must be a positive integer"},
		{map[string]string{"to": "1.5"}, "query parameter 'to' must be an integer"},
		{map[string]string{"from": "1", "to": "10001"}, "from and to may span at most 10000 numbers"},
	}
	for _, c := range cases {
		response, err := handle(context.Background(), events.APIGatewayProxyRequest{QueryStringParameters: c.query})
		want, _ := json.Marshal(map[string]string{"message": c.message})
		if err != nil || response.StatusCode != 400 || response.Body != string(want) {
			t.Errorf("%v: got %d %s, want 400 %s", c.query, response.StatusCode, response.Body, want)
		}
	}
}
