locals {
  tracing_mode = var.tracing ? "Active" : "PassThrough"
}

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.function_names

  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_layer_version" "this" {
  for_each = local.layers

  layer_name               = "${local.name}-${each.key}"
  description              = "${local.name} layer '${each.key}' (see docs/packaging.md)"
  filename                 = "${local.package_dir}/layer-${each.key}.zip"
  source_code_hash         = fileexists("${local.package_dir}/layer-${each.key}.zip") ? filebase64sha256("${local.package_dir}/layer-${each.key}.zip") : null
  compatible_runtimes      = ["nodejs22.x"]
  compatible_architectures = [var.lambda_architecture]

  lifecycle {
    precondition {
      condition     = fileexists("${local.package_dir}/layer-${each.key}.zip")
      error_message = "${local.package_dir}/layer-${each.key}.zip is missing: run `npm run package` first."
    }
  }
}

resource "aws_lambda_function" "this" {
  for_each = local.function_names

  function_name    = "${local.name}-${each.key}"
  description      = "${local.name} ${each.key} handler"
  role             = aws_iam_role.function[each.key].arn
  runtime          = "nodejs22.x"
  architectures    = [var.lambda_architecture]
  handler          = "index.handler"
  filename         = "${local.package_dir}/${each.key}.zip"
  source_code_hash = fileexists("${local.package_dir}/${each.key}.zip") ? filebase64sha256("${local.package_dir}/${each.key}.zip") : null
  memory_size      = var.lambda_memory_size
  timeout          = local.function_timeouts[each.key]
  layers           = [for layer, spec in local.layers : aws_lambda_layer_version.this[layer].arn if contains(spec.functions, each.key)]

  environment {
    variables = local.function_environment[each.key]
  }

  # Set either way: with the block left out, turning tracing off would leave a function Active.
  tracing_config {
    mode = local.tracing_mode
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
    # Lambda drops lines below this level, so debug_mode must lower it too.
    application_log_level = var.debug_mode ? "DEBUG" : var.log_level
    # INFO keeps the platform's START and REPORT lines (duration, memory, cold start); WARN drops them.
    system_log_level = "INFO"
  }

  lifecycle {
    precondition {
      condition     = fileexists("${local.package_dir}/${each.key}.zip")
      error_message = "${local.package_dir}/${each.key}.zip is missing: run `npm run package` first."
    }
  }

  depends_on = [aws_iam_role_policy.function]
}

resource "aws_lambda_permission" "api_gateway" {
  for_each = local.function_names

  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[each.key].function_name
  principal     = "apigateway.amazonaws.com"
  # Only this API's stage may invoke the function.
  source_arn = "${aws_api_gateway_rest_api.this.execution_arn}/${var.api_stage_name}/*/*"
}
