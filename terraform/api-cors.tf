# Browsers send a preflight OPTIONS without the API key; API Gateway answers it itself (mock integration).

locals {
  cors_headers = {
    "Access-Control-Allow-Headers" = "Content-Type,X-Api-Key,Authorization,X-Request-Id"
    "Access-Control-Allow-Origin"  = var.cors_allow_origin
    "Access-Control-Max-Age"       = "600"
  }
}

resource "aws_api_gateway_method" "preflight" {
  for_each = local.route_paths

  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = local.resource_ids[each.key]
  http_method      = "OPTIONS"
  authorization    = "NONE"
  api_key_required = false
}

resource "aws_api_gateway_integration" "preflight" {
  for_each = local.route_paths

  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = aws_api_gateway_method.preflight[each.key].resource_id
  http_method       = aws_api_gateway_method.preflight[each.key].http_method
  type              = "MOCK"
  request_templates = { "application/json" = jsonencode({ statusCode = 204 }) }
}

resource "aws_api_gateway_method_response" "preflight" {
  for_each = local.route_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_method.preflight[each.key].resource_id
  http_method = aws_api_gateway_method.preflight[each.key].http_method
  status_code = "204"
  response_parameters = merge(
    { for header in keys(local.cors_headers) : "method.response.header.${header}" => true },
    { "method.response.header.Access-Control-Allow-Methods" = true },
  )
}

resource "aws_api_gateway_integration_response" "preflight" {
  for_each = local.route_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_method.preflight[each.key].resource_id
  http_method = aws_api_gateway_method.preflight[each.key].http_method
  status_code = aws_api_gateway_method_response.preflight[each.key].status_code
  response_parameters = merge(
    { for header, value in local.cors_headers : "method.response.header.${header}" => "'${value}'" },
    { "method.response.header.Access-Control-Allow-Methods" = "'${local.path_methods[each.key]}'" },
  )

  depends_on = [aws_api_gateway_integration.preflight]
}
