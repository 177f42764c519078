package main

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

const rfc6070SHA512 = "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252" +
	"c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"

func get(t *testing.T, query map[string]string) events.APIGatewayProxyResponse {
	t.Helper()
	response, err := handle(context.Background(), events.APIGatewayProxyRequest{QueryStringParameters: query})
	if err != nil {
		t.Fatalf("handle: %v", err)
	}
	return response
}

func TestDerivesA64ByteKeyInHex(t *testing.T) {
	response := get(t, map[string]string{"password": "password", "salt": "salt", "iterations": "1"})
	if response.StatusCode != 200 || response.Body != rfc6070SHA512 || response.Headers["content-type"] != "text/plain" {
		t.Errorf("got %d %s", response.StatusCode, response.Body)
	}
}

func TestHasDefaultsForEveryParameter(t *testing.T) {
	if body := get(t, nil).Body; !regexp.MustCompile(`^[0-9a-f]{128}$`).MatchString(body) {
		t.Errorf("got %s", body)
	}
}

func TestRefusesBadParameters(t *testing.T) {
	iterations := "query parameter 'iterations' must be an integer from 1 to 100000"
	for _, c := range []struct {
		query   map[string]string
		message string
	}{
		{map[string]string{"iterations": "0"}, iterations},
		{map[string]string{"iterations": "100001"}, iterations},
		{map[string]string{"iterations": "many"}, iterations},
		{map[string]string{"password": ""}, "query parameter 'password' must not be empty"},
		{map[string]string{"salt": ""}, "query parameter 'salt' must not be empty"},
	} {
		response := get(t, c.query)
		want, _ := json.Marshal(map[string]string{"message": c.message})
		if response.StatusCode != 400 || response.Body != string(want) {
			t.Errorf("%v: got %d %s", c.query, response.StatusCode, response.Body)
		}
	}
}
