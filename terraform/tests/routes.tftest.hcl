mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "every_catalog_app_has_its_route" {
  command = plan

  assert {
    condition     = toset(keys(aws_api_gateway_resource.app)) == toset([for app in jsondecode(file("../catalog/apps.json")).apps : app.slug])
    error_message = "Each catalog app needs exactly one /examples/<slug> resource."
  }

  assert {
    condition = alltrue([
      for app in jsondecode(file("../catalog/apps.json")).apps :
      aws_api_gateway_method.route["POST examples/${app.slug}"].http_method == "POST"
      && aws_api_gateway_method.route["POST examples/${app.slug}"].api_key_required
    ])
    error_message = "Each catalog app needs a POST method that requires the API key."
  }

  assert {
    condition = alltrue([
      for app in jsondecode(file("../catalog/apps.json")).apps :
      aws_api_gateway_integration.route["POST examples/${app.slug}"].type == "AWS_PROXY"
      && aws_api_gateway_integration.route["POST examples/${app.slug}"].uri == aws_lambda_function.this[app.handler].invoke_arn
    ])
    error_message = "Each catalog app must be a Lambda proxy integration of the handler the catalog names."
  }
}

run "fixed_routes_reach_their_functions" {
  command = plan

  assert {
    condition = alltrue([
      for route, function in {
        "POST passthrough"                 = "openai_v2"
        "POST langchain"                   = "langchain"
        "POST openai_function_passthrough" = "openai_function"
        "GET info"                         = "info"
        "GET conversations/{id}"           = "langchain"
        "DELETE conversations/{id}"        = "langchain"
      } :
      aws_api_gateway_integration.route[route].uri == aws_lambda_function.this[function].invoke_arn
      && aws_api_gateway_integration.route[route].type == "AWS_PROXY"
      && aws_api_gateway_integration.route[route].integration_http_method == "POST"
    ])
    error_message = "A fixed route is missing or served by the wrong function."
  }

  assert {
    condition     = length(aws_api_gateway_method.route) == length(jsondecode(file("../catalog/apps.json")).apps) + 6
    error_message = "Expected one route per app plus the six fixed routes, and nothing else."
  }

  assert {
    condition     = alltrue([for integration in aws_api_gateway_integration.route : integration.timeout_milliseconds == 29000])
    error_message = "Every integration should use api_gateway_integration_timeout_ms."
  }
}

run "integration_timeout_comes_from_its_variable" {
  command = plan

  variables {
    api_gateway_integration_timeout_ms = 12000
  }

  assert {
    condition     = alltrue([for integration in aws_api_gateway_integration.route : integration.timeout_milliseconds == 12000])
    error_message = "api_gateway_integration_timeout_ms does not reach the integrations."
  }
}

run "every_route_answers_the_cors_preflight_without_a_key" {
  command = plan

  assert {
    condition = toset(keys(aws_api_gateway_method.preflight)) == toset(concat(
      [for app in jsondecode(file("../catalog/apps.json")).apps : "examples/${app.slug}"],
      ["passthrough", "langchain", "openai_function_passthrough", "info", "conversations/{id}"],
    ))
    error_message = "Each routed path needs an OPTIONS method."
  }

  assert {
    condition = alltrue([
      for path, method in aws_api_gateway_method.preflight :
      method.http_method == "OPTIONS" && !method.api_key_required && aws_api_gateway_integration.preflight[path].type == "MOCK"
    ])
    error_message = "Preflights must be keyless mock integrations."
  }

  assert {
    condition     = aws_api_gateway_integration_response.preflight["conversations/{id}"].response_parameters["method.response.header.Access-Control-Allow-Methods"] == "'DELETE,GET,OPTIONS'"
    error_message = "The preflight must list exactly the methods of its path."
  }
}
