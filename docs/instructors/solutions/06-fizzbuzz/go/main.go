// FizzBuzz, in Go: the numbers from `from` up to `to`, one a line, as plain text.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

const mostNumbers = 10000

var (
	positive      = regexp.MustCompile(`^[1-9]\d{0,8}$`)
	integer       = regexp.MustCompile(`^-?\d{1,9}$`)
	errNotWritten = errors.New("fizzbuzz is not written yet: see the comment in the handler")
)

// fizzbuzz returns the FizzBuzz lines for from up to to, joined with "\n".
func fizzbuzz(from, to int) (string, error) {
	lines := make([]string, 0, max(to-from+1, 0))
	for number := from; number <= to; number++ {
		switch {
		case number%15 == 0:
			lines = append(lines, "Fizz Buzz")
		case number%3 == 0:
			lines = append(lines, "Fizz")
		case number%5 == 0:
			lines = append(lines, "Buzz")
		default:
			lines = append(lines, strconv.Itoa(number))
		}
	}
	return strings.Join(lines, "\n"), nil
}

func handle(_ context.Context, request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	rawFrom, present := request.QueryStringParameters["from"]
	if !present {
		rawFrom = "1"
	}
	if !positive.MatchString(rawFrom) {
		return refuse(400, "query parameter 'from' must be a positive integer"), nil
	}
	from, _ := strconv.Atoi(rawFrom)
	to := from + 99
	if rawTo, present := request.QueryStringParameters["to"]; present {
		if !integer.MatchString(rawTo) {
			return refuse(400, "query parameter 'to' must be an integer"), nil
		}
		to, _ = strconv.Atoi(rawTo)
	}
	if to-from >= mostNumbers {
		return refuse(400, fmt.Sprintf("from and to may span at most %d numbers", mostNumbers)), nil
	}
	text, err := fizzbuzz(from, to)
	if err != nil {
		return refuse(501, err.Error()), nil
	}
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"content-type": "text/plain"},
		Body:       text,
	}, nil
}

func refuse(statusCode int, message string) events.APIGatewayProxyResponse {
	body, _ := json.Marshal(map[string]string{"message": message})
	return events.APIGatewayProxyResponse{
		StatusCode: statusCode,
		Headers:    map[string]string{"content-type": "application/json"},
		Body:       string(body),
	}
}

func main() {
	lambda.Start(handle)
}
