# The API key authorizer (src/handlers/api_key_authorizer), only when bearer_api_keys is on: it hands
# API Gateway the key from x-api-key or a bearer Authorization header as the usage plan's key, for the
# OpenAI clients that send nothing else. It reads no setting or secret and logs nothing, so it gets no
# environment, no parameter access and no layer: its role may write its own log group, nothing more
# (and, with tracing on, X-Ray segments, as every function's may).

locals {
  authorizer_enabled = var.bearer_api_keys ? toset([local.authorizer_function]) : toset([])
  # Built from the name, like the other functions' ARNs, for the document the API is made of.
  authorizer_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.name}-${local.authorizer_function}"
}

resource "aws_cloudwatch_log_group" "authorizer" {
  for_each = local.authorizer_enabled

  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "authorizer" {
  for_each = local.authorizer_enabled

  name               = "${local.name}-${each.key}"
  assume_role_policy = local.lambda_assume_role_policy
}

resource "aws_iam_role_policy" "authorizer" {
  for_each = local.authorizer_enabled

  name = "${local.name}-${each.key}"
  role = aws_iam_role.authorizer[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid      = "OwnLogGroup"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["${aws_cloudwatch_log_group.authorizer[each.key].arn}:*"]
    }], local.xray_statements)
  })
}

resource "aws_lambda_function" "authorizer" {
  for_each = local.authorizer_enabled

  function_name    = "${local.name}-${each.key}"
  description      = "${local.name} API key authorizer (x-api-key or Authorization: Bearer)"
  role             = aws_iam_role.authorizer[each.key].arn
  runtime          = "nodejs22.x"
  architectures    = [var.lambda_architecture]
  handler          = "index.handler"
  filename         = "${local.package_dir}/${each.key}.zip"
  source_code_hash = fileexists("${local.package_dir}/${each.key}.zip") ? filebase64sha256("${local.package_dir}/${each.key}.zip") : null
  # It runs before every request and only reads two headers: the smallest memory is the cheapest call.
  memory_size = 128
  # It answers in milliseconds; the timeout only bounds a stuck start.
  timeout = 10

  tracing_config {
    mode = local.tracing_mode
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.authorizer[each.key].name
    application_log_level = var.debug_mode ? "DEBUG" : var.log_level
    system_log_level      = "INFO"
  }

  lifecycle {
    precondition {
      condition     = fileexists("${local.package_dir}/${each.key}.zip")
      error_message = "${local.package_dir}/${each.key}.zip is missing: run `npm run package` first."
    }
  }

  depends_on = [aws_iam_role_policy.authorizer]
}

resource "aws_lambda_permission" "authorizer" {
  for_each = local.authorizer_enabled

  statement_id  = "AllowApiGatewayAuthorizer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.authorizer[each.key].function_name
  principal     = "apigateway.amazonaws.com"
  # Only this API's authorizers may invoke it.
  source_arn = "${aws_api_gateway_rest_api.this.execution_arn}/authorizers/*"
}
