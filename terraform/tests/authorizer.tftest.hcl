mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

# Known values at plan time, as tests/mocks gives the handler functions.
override_resource {
  target          = aws_lambda_function.authorizer["api_key_authorizer"]
  override_during = plan
  values          = { arn = "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-api_key_authorizer" }
}

override_resource {
  target          = aws_iam_role.authorizer["api_key_authorizer"]
  override_during = plan
  values = {
    id  = "aws-openai-api_key_authorizer"
    arn = "arn:aws:iam::123456789012:role/aws-openai-api_key_authorizer"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.authorizer["api_key_authorizer"]
  override_during = plan
  values          = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-api_key_authorizer" }
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

# tests/fixtures/packages/openapi-aws*.json.tftpl are written by `npm run test:terraform`
# (scripts/openapi-aws.ts), so these check the documents a deploy would send.

run "no_authorizer_by_default_and_the_key_read_from_x_api_key" {
  command = plan

  assert {
    condition     = length(aws_lambda_function.authorizer) == 0 && length(aws_lambda_permission.authorizer) == 0 && length(aws_iam_role.authorizer) == 0 && length(aws_cloudwatch_log_group.authorizer) == 0
    error_message = "Without bearer_api_keys, nothing of the authorizer may be deployed."
  }

  assert {
    condition     = aws_api_gateway_rest_api.this.body == templatefile("tests/fixtures/packages/openapi-aws.json.tftpl", { region = "us-east-1", function_arns = local.function_arns, stream_timeout_ms = 300000, buffered_timeout_ms = 29000, cors_allow_origin = "*", quota_retry_after_seconds = 86400 })
    error_message = "Without bearer_api_keys, the API must be today's document, which needs no authorizer variable."
  }

  assert {
    condition     = !contains(keys(jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes), "bearerKeyAuthorizer")
    error_message = "Without bearer_api_keys, no method may run an authorizer."
  }
}

run "bearer_keys_reach_the_usage_plan_through_the_authorizer" {
  command = plan

  variables {
    bearer_api_keys = true
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-api-key-source"] == "AUTHORIZER"
    error_message = "With bearer_api_keys, API Gateway must take the usage plan's key from the authorizer."
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes.bearerKeyAuthorizer["x-amazon-apigateway-authorizer"].authorizerUri == "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${aws_lambda_function.authorizer["api_key_authorizer"].arn}/invocations"
    error_message = "The authorizer must invoke the api_key_authorizer function."
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes.bearerKeyAuthorizer["x-amazon-apigateway-authorizer"].authorizerResultTtlInSeconds == 0
    error_message = "The authorizer's results must not be cached (a client sends one of the two key headers)."
  }

  assert {
    condition = alltrue(flatten([
      for path, operations in jsondecode(aws_api_gateway_rest_api.this.body).paths : [
        for method, operation in operations :
        method == "options" ? operation.security == [] : operation.security == [{ apiKey = [], bearerKeyAuthorizer = [] }]
      ]
    ]))
    error_message = "Every keyed method must run the authorizer and still require the key; preflights neither."
  }

  assert {
    condition = (
      aws_lambda_function.authorizer["api_key_authorizer"].function_name == "aws-openai-api_key_authorizer"
      && aws_lambda_function.authorizer["api_key_authorizer"].filename == "tests/fixtures/packages/api_key_authorizer.zip"
      && aws_lambda_function.authorizer["api_key_authorizer"].runtime == "nodejs22.x"
      && aws_lambda_function.authorizer["api_key_authorizer"].memory_size == 128
      && length(aws_lambda_function.authorizer["api_key_authorizer"].environment) == 0
      && aws_lambda_function.authorizer["api_key_authorizer"].layers == null
      && aws_lambda_function.authorizer["api_key_authorizer"].role == "arn:aws:iam::123456789012:role/aws-openai-api_key_authorizer"
      && aws_lambda_function.authorizer["api_key_authorizer"].logging_config[0].log_group == "/aws/lambda/aws-openai-api_key_authorizer"
    )
    error_message = "The authorizer runs from its own zip, with no settings, secrets or layers, logging to its own group."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.authorizer["api_key_authorizer"].policy).Statement == [{
      Sid      = "OwnLogGroup"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-api_key_authorizer:*"]
    }] && aws_iam_role_policy.authorizer["api_key_authorizer"].role == "aws-openai-api_key_authorizer"
    error_message = "The authorizer's role may write its own log group and nothing else."
  }

  assert {
    condition = (
      aws_lambda_permission.authorizer["api_key_authorizer"].principal == "apigateway.amazonaws.com"
      && aws_lambda_permission.authorizer["api_key_authorizer"].source_arn == "arn:aws:execute-api:us-east-1:123456789012:restapi123/authorizers/*"
    )
    error_message = "Only this API's authorizers may invoke the authorizer function."
  }

  assert {
    condition     = toset(keys(aws_lambda_function.this)) == toset(["openai_v2", "langchain", "openai_function", "openai_compat", "info"])
    error_message = "The five handler functions stay as they are."
  }
}

run "refuses_to_plan_bearer_keys_without_the_authorizer_package" {
  command = plan

  variables {
    bearer_api_keys = true
    package_dir     = "tests/fixtures/layer-only"
  }

  expect_failures = [aws_lambda_function.this, aws_lambda_function.authorizer]
}
