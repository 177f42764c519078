// Sort, in Go: a JSON list of numbers in, the same list in ascending order out.
package main

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

const notAList = "request body must be a JSON list of numbers"

func handle(_ context.Context, request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	// Pointers tell a JSON null apart from 0, which a plain []float64 would silently accept.
	var items []*float64
	if err := json.Unmarshal([]byte(request.Body), &items); err != nil || items == nil {
		return respond(400, map[string]string{"message": notAList}), nil
	}
	numbers := make([]float64, 0, len(items))
	for _, item := range items {
		if item == nil {
			return respond(400, map[string]string{"message": notAList}), nil
		}
		numbers = append(numbers, *item)
	}
	slices.Sort(numbers)
	return respond(200, numbers), nil
}

func respond(statusCode int, value any) events.APIGatewayProxyResponse {
	body, _ := json.Marshal(value)
	return events.APIGatewayProxyResponse{
		StatusCode: statusCode,
		Headers:    map[string]string{"content-type": "application/json"},
		Body:       string(body),
	}
}

func main() {
	lambda.Start(handle)
}
