# Errors API Gateway raises itself (missing key, throttled, quota spent, integration timeout) get the same
# JSON error shape as the handlers' errors, and CORS headers, or a browser hides them behind a CORS failure.

locals {
  # Retry-After for a spent quota: the longest wait, the quota period itself.
  quota_period_seconds = { DAY = 86400, WEEK = 604800, MONTH = 2678400 }

  gateway_responses = {
    DEFAULT_4XX    = {}
    DEFAULT_5XX    = {}
    THROTTLED      = { "gatewayresponse.header.Retry-After" = "'1'" }
    QUOTA_EXCEEDED = { "gatewayresponse.header.Retry-After" = "'${local.quota_period_seconds[var.quota_settings_period]}'" }
  }
}

resource "aws_api_gateway_gateway_response" "this" {
  for_each = local.gateway_responses

  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = each.key
  response_parameters = merge(each.value, {
    "gatewayresponse.header.Access-Control-Allow-Origin"  = "'${var.cors_allow_origin}'"
    "gatewayresponse.header.Access-Control-Allow-Headers" = "'${local.cors_headers["Access-Control-Allow-Headers"]}'"
    # Lets a browser script read when to retry a 429.
    "gatewayresponse.header.Access-Control-Expose-Headers" = "'Retry-After'"
  })
  response_templates = {
    "application/json" = "{\"error\":{\"type\":\"$context.error.responseType\",\"message\":$context.error.messageString,\"request_id\":\"$context.requestId\"}}"
  }
}
