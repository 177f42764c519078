// PBKDF2, in Go: a key derived from a password with the standard library's crypto/pbkdf2.
package main

import (
	"context"
	"crypto/pbkdf2"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

const (
	mostIterations = 100000
	keyBytes       = 64
)

var iterationsPattern = regexp.MustCompile(`^[1-9]\d{0,5}$`)

func parameter(request events.APIGatewayProxyRequest, name, fallback string) string {
	if value, present := request.QueryStringParameters[name]; present {
		return value
	}
	return fallback
}

func handle(_ context.Context, request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	password := parameter(request, "password", "correct horse battery staple")
	salt := parameter(request, "salt", "serverless-scientist")
	rawIterations := parameter(request, "iterations", "10000")
	if password == "" {
		return badRequest("query parameter 'password' must not be empty"), nil
	}
	if salt == "" {
		return badRequest("query parameter 'salt' must not be empty"), nil
	}
	iterations, _ := strconv.Atoi(rawIterations)
	if !iterationsPattern.MatchString(rawIterations) || iterations > mostIterations {
		return badRequest(fmt.Sprintf("query parameter 'iterations' must be an integer from 1 to %d", mostIterations)), nil
	}
	key, err := pbkdf2.Key(sha512.New, password, []byte(salt), iterations, keyBytes)
	if err != nil {
		return events.APIGatewayProxyResponse{}, fmt.Errorf("deriving the key: %w", err)
	}
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"content-type": "text/plain"},
		Body:       hex.EncodeToString(key),
	}, nil
}

func badRequest(message string) events.APIGatewayProxyResponse {
	body, _ := json.Marshal(map[string]string{"message": message})
	return events.APIGatewayProxyResponse{
		StatusCode: 400,
		Headers:    map[string]string{"content-type": "application/json"},
		Body:       string(body),
	}
}

func main() {
	lambda.Start(handle)
}
