resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  # A deployment is a snapshot of the API: a changed document needs a new one to go live. The new one
  # is created from the whole new document, so a route it no longer has is not in it.
  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api.this.body)
  }

  lifecycle {
    create_before_destroy = true
  }

  # With bearer_api_keys, a live deployment's first request already runs the authorizer.
  depends_on = [aws_lambda_permission.authorizer]
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}/${var.api_stage_name}/access"
  retention_in_days = var.log_retention_days
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = var.api_stage_name
  # API Gateway's segment is the trace's root; the functions' segments join it.
  xray_tracing_enabled = var.tracing

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    # The key's id only: the key value itself is a secret.
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      ip                 = "$context.identity.sourceIp"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationStatus  = "$context.integration.status"
      apiKeyId           = "$context.identity.apiKeyId"
      errorType          = "$context.error.responseType"
      errorMessage       = "$context.error.message"
      userAgent          = "$context.identity.userAgent"
    })
  }

  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_api_key" "this" {
  name        = "${local.name}-default"
  description = "Default API key of ${local.name}; read its value with `aws apigateway get-api-key --include-value`."
  enabled     = true
}

resource "aws_api_gateway_usage_plan" "this" {
  name        = "${local.name}-default"
  description = "Throttling and quota of ${local.name}'s API key"

  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.this.stage_name
  }

  throttle_settings {
    rate_limit  = var.throttle_settings_rate_limit
    burst_limit = var.throttle_settings_burst_limit
  }

  quota_settings {
    limit  = var.quota_settings_limit
    period = var.quota_settings_period
  }
}

resource "aws_api_gateway_usage_plan_key" "this" {
  key_id        = aws_api_gateway_api_key.this.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.this.id
}
