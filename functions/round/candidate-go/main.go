// Round, in Go, with math.Round: halves go away from zero (-2.5 → -3), and the result is
// written with strconv's plain notation, however large.
package main

import (
	"context"
	"encoding/json"
	"math"
	"regexp"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var decimal = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

func handle(_ context.Context, request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	raw, present := request.QueryStringParameters["number"]
	if !present {
		return badRequest("query parameter 'number' is required"), nil
	}
	number, err := strconv.ParseFloat(raw, 64)
	if !decimal.MatchString(raw) || err != nil || math.IsInf(number, 0) {
		return badRequest("query parameter 'number' must be a decimal number"), nil
	}
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"content-type": "text/plain"},
		Body:       strconv.FormatFloat(math.Round(number), 'f', -1, 64),
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
