mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "each_chat_handler_has_a_streaming_twin_from_its_stream_package" {
  command = plan

  assert {
    condition     = toset(keys(aws_lambda_function.stream)) == toset(["openai_v2", "langchain", "openai_function"])
    error_message = "Expected a streaming function for each chat handler, and none for info."
  }

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.stream :
      function.function_name == "aws-openai-${fn}-stream" && function.handler == "index.handler" && function.runtime == "nodejs22.x"
      && function.filename == "tests/fixtures/packages/${fn}-stream.zip" && function.timeout == 300
      && function.layers == aws_lambda_function.this[fn].layers && function.memory_size == aws_lambda_function.this[fn].memory_size
    ])
    error_message = "Each streaming function runs <name>-stream.zip with its handler's layers and memory, and the stream timeout."
  }

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.stream :
      jsonencode(function.environment[0].variables) == jsonencode(jsondecode(file("tests/fixtures/function-environment.json")).functions["${fn}-stream"])
    ])
    error_message = "A streaming function's environment differs from tests/fixtures/function-environment.json, which test/deploy runs the packages with."
  }

  assert {
    condition     = aws_ssm_parameter.api_keys.type == "SecureString" && aws_ssm_parameter.api_keys.key_id == aws_kms_key.secrets.arn && aws_ssm_parameter.api_keys.name == "/aws-openai/api-keys"
    error_message = "The API keys the functions check must be a SecureString under the stack's KMS key."
  }
}

run "each_function_url_streams_publicly_and_answers_browsers" {
  command = plan

  assert {
    condition = alltrue([
      for fn, url in aws_lambda_function_url.stream :
      url.invoke_mode == "RESPONSE_STREAM" && url.authorization_type == "NONE" && url.function_name == "aws-openai-${fn}-stream"
    ])
    error_message = "Each function URL must stream (RESPONSE_STREAM); the function checks the API key itself."
  }

  assert {
    condition = alltrue([
      for url in aws_lambda_function_url.stream :
      url.cors[0].allow_methods == toset(["POST"]) && contains(url.cors[0].allow_headers, "x-api-key") && contains(url.cors[0].allow_headers, "accept")
      && contains(url.cors[0].expose_headers, "x-request-id") && url.cors[0].allow_origins == toset(["*"])
    ])
    error_message = "Browsers must be able to POST with x-api-key and Accept, and read X-Request-Id."
  }

  assert {
    condition = alltrue([
      for fn in keys(aws_lambda_function.stream) :
      aws_lambda_permission.function_url[fn].action == "lambda:InvokeFunctionUrl" && aws_lambda_permission.function_url[fn].function_url_auth_type == "NONE"
      && aws_lambda_permission.function_url_invoke[fn].action == "lambda:InvokeFunction" && aws_lambda_permission.function_url_invoke[fn].principal == "*"
    ])
    error_message = "A public function URL needs both lambda:InvokeFunctionUrl (auth NONE) and lambda:InvokeFunction."
  }

  assert {
    condition     = toset(keys(output.stream_urls)) == toset(["openai_v2", "langchain", "openai_function"])
    error_message = "The stream_urls output must name each chat handler's function URL."
  }
}

run "streaming_functions_run_as_their_own_least_privilege_roles" {
  command = plan

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.stream :
      function.role == aws_iam_role.stream[fn].arn && aws_iam_role.stream[fn].name == "aws-openai-${fn}-stream"
      && function.logging_config[0].log_group == aws_cloudwatch_log_group.stream[fn].name
      && aws_cloudwatch_log_group.stream[fn].name == "/aws/lambda/aws-openai-${fn}-stream"
    ])
    error_message = "Each streaming function runs as its own role and logs to its own log group."
  }

  assert {
    condition = alltrue([
      for fn, policy in aws_iam_role_policy.stream :
      one([for statement in jsondecode(policy.policy).Statement : statement.Resource if statement.Sid == "ReadSecretParameters"]) == [aws_ssm_parameter.openai_api_key.arn, aws_ssm_parameter.api_keys.arn]
      && one([for statement in jsondecode(policy.policy).Statement : statement.Resource if statement.Sid == "OwnLogGroup"]) == ["${aws_cloudwatch_log_group.stream[fn].arn}:*"]
    ])
    error_message = "A streaming function reads the OpenAI key and the API keys, and writes its own log group only."
  }

  assert {
    condition = alltrue([
      for fn, policy in aws_iam_role_policy.stream :
      jsonencode([for statement in jsondecode(policy.policy).Statement : statement if !contains(["OwnLogGroup", "ReadSecretParameters", "DecryptSecretParameters"], statement.Sid)])
      == jsonencode([for statement in jsondecode(aws_iam_role_policy.function[fn].policy).Statement : statement if !contains(["OwnLogGroup", "ReadSecretParameters", "DecryptSecretParameters"], statement.Sid)])
    ])
    error_message = "A streaming function may do what its handler may do, and nothing more."
  }

  assert {
    condition = alltrue(flatten([
      for policy in aws_iam_role_policy.stream : [
        for statement in jsondecode(policy.policy).Statement : [
          for action in flatten([statement.Action]) : !strcontains(action, "*")
        ]
      ]
    ]))
    error_message = "A streaming function policy grants a wildcard action."
  }
}

run "the_stream_timeout_and_concurrency_come_from_their_variables" {
  command = plan

  variables {
    stream_timeout              = 900
    stream_reserved_concurrency = 20
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.stream : function.timeout == 900 && function.reserved_concurrent_executions == 20])
    error_message = "stream_timeout and stream_reserved_concurrency must reach every streaming function."
  }
}

run "info_describes_the_streaming_functions_too" {
  command = plan

  assert {
    condition = toset(one([
      for statement in jsondecode(aws_iam_role_policy.function["info"].policy).Statement : statement.Resource
      if statement.Sid == "DescribeFunctions"
    ])) == toset([for fn in ["openai_v2", "langchain", "openai_function", "info", "openai_v2-stream", "langchain-stream", "openai_function-stream"] : "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-${fn}"])
    error_message = "info may describe exactly this stack's functions, the streaming ones included."
  }
}
