module candidate-round-go

go 1.24

require github.com/aws/aws-lambda-go v1.50.0
