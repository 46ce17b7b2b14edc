resource "aws_api_gateway_rest_api" "this" {
  name        = local.name
  description = "${local.name}: chat apps, passthrough routes and diagnostics"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "top_level" {
  for_each = local.top_level_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = each.key
}

resource "aws_api_gateway_resource" "app" {
  for_each = local.catalog_apps

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.top_level["examples"].id
  path_part   = each.key
}

resource "aws_api_gateway_resource" "conversation" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.top_level["conversations"].id
  path_part   = "{id}"
}

resource "aws_api_gateway_method" "route" {
  for_each = local.routes

  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = local.resource_ids[each.value.path]
  http_method      = each.value.method
  authorization    = "NONE"
  api_key_required = true
  request_parameters = (
    strcontains(each.value.path, "{id}") ? { "method.request.path.id" = true } : {}
  )
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_method.route[each.key].resource_id
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.this[each.value.function].invoke_arn
  timeout_milliseconds    = var.api_gateway_integration_timeout_ms
}
