mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

# tests/fixtures/packages/openapi-aws.json.tftpl is written by `npm run test:terraform` from the current
# catalog and route table (scripts/openapi-aws.ts), so these check the document a deploy would send.

run "every_catalog_app_streams_from_its_handler_under_the_api_key" {
  command = plan

  assert {
    condition = alltrue([
      for app in jsondecode(file("../catalog/apps.json")).apps :
      jsondecode(aws_api_gateway_rest_api.this.body).paths["/examples/${app.slug}"].post["x-amazon-apigateway-integration"].uri
      == "arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${aws_lambda_function.this[app.handler].arn}/response-streaming-invocations"
    ])
    error_message = "Each catalog app must invoke the handler the catalog names, through InvokeWithResponseStream."
  }

  assert {
    condition = alltrue([
      for app in jsondecode(file("../catalog/apps.json")).apps :
      jsondecode(aws_api_gateway_rest_api.this.body).paths["/examples/${app.slug}"].post["x-amazon-apigateway-integration"].responseTransferMode == "STREAM"
      && jsondecode(aws_api_gateway_rest_api.this.body).paths["/examples/${app.slug}"].post["x-amazon-apigateway-integration"].timeoutInMillis == 300000
      && jsondecode(aws_api_gateway_rest_api.this.body).paths["/examples/${app.slug}"].post.security == [{ apiKey = [] }]
    ])
    error_message = "Each catalog app must stream for stream_integration_timeout_ms and require the API key."
  }

  assert {
    condition     = length(keys(jsondecode(aws_api_gateway_rest_api.this.body).paths)) == length(jsondecode(file("../catalog/apps.json")).apps) + 10
    error_message = "Expected one path per app, the nine fixed paths (/conversations, /usage and /v1 among them) and the greedy preflight path, and nothing else."
  }

  assert {
    condition     = keys(jsondecode(aws_api_gateway_rest_api.this.body).paths["/{proxy+}"]) == ["options"]
    error_message = "Any path's CORS preflight must pass (a client's misspelt slug), and the greedy path must answer nothing else."
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-api-key-source"] == "HEADER"
    error_message = "API Gateway must read the API key from the x-api-key header."
  }
}

run "fixed_routes_reach_their_functions" {
  command = plan

  assert {
    condition = alltrue([
      for route, function in {
        "/passthrough"                 = "openai_v2"
        "/langchain"                   = "langchain"
        "/openai_function_passthrough" = "openai_function"
      } :
      jsondecode(aws_api_gateway_rest_api.this.body).paths[route].post["x-amazon-apigateway-integration"].uri
      == "arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${aws_lambda_function.this[function].arn}/response-streaming-invocations"
    ])
    error_message = "A passthrough route is missing or served by the wrong function."
  }

  assert {
    condition = alltrue([
      for method in ["get", "delete"] :
      jsondecode(aws_api_gateway_rest_api.this.body).paths["/conversations/{id}"][method]["x-amazon-apigateway-integration"].responseTransferMode == "STREAM"
      && jsondecode(aws_api_gateway_rest_api.this.body).paths["/conversations/{id}"][method]["x-amazon-apigateway-integration"].timeoutInMillis == 29000
      && strcontains(jsondecode(aws_api_gateway_rest_api.this.body).paths["/conversations/{id}"][method]["x-amazon-apigateway-integration"].uri, aws_lambda_function.this["langchain"].arn)
    ])
    error_message = "The conversations are langchain's: its response-streaming function, with the buffered timeout."
  }

  assert {
    condition = alltrue([
      for route in ["/info", "/usage"] :
      jsondecode(aws_api_gateway_rest_api.this.body).paths[route].get["x-amazon-apigateway-integration"].uri
      == "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${aws_lambda_function.this["info"].arn}/invocations"
      && !can(jsondecode(aws_api_gateway_rest_api.this.body).paths[route].get["x-amazon-apigateway-integration"].responseTransferMode)
      && jsondecode(aws_api_gateway_rest_api.this.body).paths[route].get.security == [{ apiKey = [] }]
    ])
    error_message = "/info and /usage must be buffered proxy integrations of the info function, behind the API key."
  }

  assert {
    condition = alltrue([
      for route in [["/v1/chat/completions", "post", 300000], ["/v1/models", "get", 29000]] :
      jsondecode(aws_api_gateway_rest_api.this.body).paths[route[0]][route[1]]["x-amazon-apigateway-integration"].uri
      == "arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${aws_lambda_function.this["openai_compat"].arn}/response-streaming-invocations"
      && jsondecode(aws_api_gateway_rest_api.this.body).paths[route[0]][route[1]]["x-amazon-apigateway-integration"].timeoutInMillis == route[2]
      && jsondecode(aws_api_gateway_rest_api.this.body).paths[route[0]][route[1]].security == [{ apiKey = [] }]
    ])
    error_message = "The /v1 routes are openai_compat's, streamed, the chat completions with the stream timeout, and need the API key."
  }
}

run "integration_timeouts_come_from_their_variables" {
  command = plan

  variables {
    api_gateway_integration_timeout_ms = 12000
    stream_integration_timeout_ms      = 600000
  }

  assert {
    condition = (
      jsondecode(aws_api_gateway_rest_api.this.body).paths["/passthrough"].post["x-amazon-apigateway-integration"].timeoutInMillis == 600000
      && jsondecode(aws_api_gateway_rest_api.this.body).paths["/info"].get["x-amazon-apigateway-integration"].timeoutInMillis == 12000
    )
    error_message = "The timeout variables do not reach the integrations."
  }

  assert {
    condition     = aws_lambda_function.this["openai_v2"].timeout == 610 && aws_lambda_function.this["info"].timeout == 30
    error_message = "A chat function must outlast its stream by 10 s; info keeps lambda_timeout."
  }
}

run "every_path_answers_the_cors_preflight_without_a_key" {
  command = plan

  variables {
    cors_allow_origin = "https://chat.example.com"
  }

  assert {
    condition = alltrue([
      for path, operations in jsondecode(aws_api_gateway_rest_api.this.body).paths :
      operations.options.security == [] && operations.options["x-amazon-apigateway-integration"].type == "MOCK"
      && operations.options["x-amazon-apigateway-integration"].responses.default.responseParameters["method.response.header.Access-Control-Allow-Origin"] == "'https://chat.example.com'"
    ])
    error_message = "Each path needs a keyless mock OPTIONS answering with the configured origin."
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body).paths["/conversations/{id}"].options["x-amazon-apigateway-integration"].responses.default.responseParameters["method.response.header.Access-Control-Allow-Methods"] == "'DELETE,GET,OPTIONS'"
    error_message = "The preflight must list exactly the methods of its path."
  }
}

run "gateway_errors_have_the_handlers_error_shape" {
  command = plan

  variables {
    quota_settings_period = "WEEK"
  }

  assert {
    condition = alltrue([
      for type in ["DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED", "QUOTA_EXCEEDED"] :
      startswith(jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"][type].responseTemplates["application/json"], "{\"error\":{\"type\":\"$context.error.responseType\"")
    ])
    error_message = "API Gateway's own errors must be {\"error\": {\"type\", \"message\", \"request_id\"}}."
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"].QUOTA_EXCEEDED.responseParameters["gatewayresponse.header.Retry-After"] == "'604800'"
    error_message = "A spent weekly quota should tell the client to retry after a week at most."
  }
}

run "a_changed_document_is_a_new_deployment" {
  command = plan

  assert {
    condition     = aws_api_gateway_deployment.this.triggers.redeployment == sha1(aws_api_gateway_rest_api.this.body)
    error_message = "The deployment must be keyed on the whole document, or a removed route stays live."
  }
}
