# Each chat function has a streaming twin behind a Lambda function URL in RESPONSE_STREAM mode, so a
# long answer streams past API Gateway's 29-second limit. It runs the same handler code from its own
# package (<name>-stream.zip, wrapped in awslambda.streamifyResponse). No gateway stands in front of
# it: the function checks the API key itself, and CORS is the function URL's.

resource "aws_ssm_parameter" "api_keys" {
  name        = local.api_keys_parameter
  description = "API keys of ${local.name}'s function URLs (the API Gateway key's value)"
  type        = "SecureString"
  key_id      = aws_kms_key.secrets.arn
  value       = aws_api_gateway_api_key.this.value
}

locals {
  stream_environment = {
    for fn in local.streaming_functions : fn => merge(local.function_environment[fn], {
      API_KEYS_PARAMETER = aws_ssm_parameter.api_keys.name
    })
  }
}

resource "aws_cloudwatch_log_group" "stream" {
  for_each = local.streaming_functions

  name              = "/aws/lambda/${local.name}-${each.key}-stream"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "stream" {
  for_each = local.streaming_functions

  function_name                  = "${local.name}-${each.key}-stream"
  description                    = "${local.name} ${each.key} handler, streamed behind its function URL"
  role                           = aws_iam_role.stream[each.key].arn
  runtime                        = "nodejs22.x"
  architectures                  = [var.lambda_architecture]
  handler                        = "index.handler"
  filename                       = "${local.package_dir}/${each.key}-stream.zip"
  source_code_hash               = fileexists("${local.package_dir}/${each.key}-stream.zip") ? filebase64sha256("${local.package_dir}/${each.key}-stream.zip") : null
  memory_size                    = var.lambda_memory_size
  timeout                        = var.stream_timeout
  reserved_concurrent_executions = var.stream_reserved_concurrency
  layers                         = [for layer, spec in local.layers : aws_lambda_layer_version.this[layer].arn if contains(spec.functions, each.key)]

  environment {
    variables = local.stream_environment[each.key]
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.stream[each.key].name
    application_log_level = var.debug_mode ? "DEBUG" : var.log_level
    system_log_level      = "WARN"
  }

  lifecycle {
    precondition {
      condition     = fileexists("${local.package_dir}/${each.key}-stream.zip")
      error_message = "${local.package_dir}/${each.key}-stream.zip is missing: run `npm run package` first."
    }
  }

  depends_on = [aws_iam_role_policy.stream]
}

resource "aws_lambda_function_url" "stream" {
  for_each = local.streaming_functions

  function_name      = aws_lambda_function.stream[each.key].function_name
  authorization_type = "NONE"
  invoke_mode        = "RESPONSE_STREAM"

  # The function URL answers preflights itself; these match the API's (terraform/api-cors.tf).
  cors {
    allow_origins  = [var.cors_allow_origin]
    allow_methods  = ["POST"]
    allow_headers  = ["accept", "authorization", "content-type", "x-api-key"]
    expose_headers = ["retry-after", "x-request-id"]
    max_age        = 600
  }
}

resource "aws_lambda_permission" "function_url" {
  for_each = local.streaming_functions

  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.stream[each.key].function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# Function URLs created since October 2025 also need lambda:InvokeFunction. Provider 5.x cannot add
# the lambda:InvokedViaFunctionUrl condition (6.x: invoked_via_function_url = true), so this grant also
# allows a direct Invoke; the function answers that exactly as its URL: nothing without an API key.
resource "aws_lambda_permission" "function_url_invoke" {
  for_each = local.streaming_functions

  statement_id  = "AllowInvokeForFunctionUrl"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.stream[each.key].function_name
  principal     = "*"
}
