mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

# The authorizer's log group ARN is known at plan time, as tests/mocks gives the handler functions'.
override_resource {
  target          = aws_cloudwatch_log_group.authorizer["api_key_authorizer"]
  override_during = plan
  values          = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-api_key_authorizer" }
}

variables {
  package_dir     = "tests/fixtures/packages"
  openai_api_key  = "sk-test-0000000000000000000000000000"
  bearer_api_keys = true
}

run "tracing_is_off_by_default" {
  command = plan

  assert {
    condition = alltrue([
      for function in concat(values(aws_lambda_function.this), values(aws_lambda_function.authorizer)) :
      function.tracing_config[0].mode == "PassThrough"
    ])
    error_message = "Without tracing, every function (the authorizer too) must say PassThrough, so turning tracing off resets one that was Active."
  }

  assert {
    condition = alltrue([
      for policy in concat(values(aws_iam_role_policy.function), values(aws_iam_role_policy.authorizer)) :
      !contains([for statement in jsondecode(policy.policy).Statement : statement.Sid], "WriteTraces")
    ])
    error_message = "Without tracing, no role may write to X-Ray."
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.this : !contains(keys(function.environment[0].variables), "TRACING")])
    error_message = "Without tracing, no function gets TRACING (the setting's default is off)."
  }

  assert {
    condition     = aws_api_gateway_stage.this.xray_tracing_enabled == false
    error_message = "Without tracing, the API stage must not trace."
  }
}

run "tracing_turns_on_xray_for_every_function_and_the_stage" {
  command = plan

  variables {
    tracing = true
  }

  assert {
    condition = alltrue([
      for function in concat(values(aws_lambda_function.this), values(aws_lambda_function.authorizer)) :
      function.tracing_config[0].mode == "Active"
    ])
    error_message = "With tracing, every function (the authorizer too) must trace actively."
  }

  assert {
    condition = alltrue([
      for policy in concat(values(aws_iam_role_policy.function), values(aws_iam_role_policy.authorizer)) :
      anytrue([
        for statement in jsondecode(policy.policy).Statement :
        statement.Sid == "WriteTraces" && toset(statement.Action) == toset(["xray:PutTraceSegments", "xray:PutTelemetryRecords"])
      ])
    ])
    error_message = "With tracing, every function's role must be allowed to send X-Ray segments (the two actions of AWSXRayDaemonWriteAccess)."
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.this : function.environment[0].variables["TRACING"] == "true"])
    error_message = "With tracing, every function must get TRACING=true, which makes its code send the subsegments."
  }

  assert {
    condition     = aws_api_gateway_stage.this.xray_tracing_enabled == true
    error_message = "With tracing, the API stage must trace, so the functions' segments join API Gateway's trace."
  }
}
