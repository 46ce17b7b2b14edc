locals {
  # Every route of the API: "<METHOD> <path>" -> the function that serves it.
  app_routes = {
    for slug, app in local.catalog_apps : "POST examples/${slug}" => {
      path     = "examples/${slug}"
      method   = "POST"
      function = app.handler
    }
  }

  fixed_routes = {
    "POST passthrough"                 = { path = "passthrough", method = "POST", function = "openai_v2" }
    "POST langchain"                   = { path = "langchain", method = "POST", function = "langchain" }
    "POST openai_function_passthrough" = { path = "openai_function_passthrough", method = "POST", function = "openai_function" }
    "GET info"                         = { path = "info", method = "GET", function = "info" }
    "GET conversations/{id}"           = { path = "conversations/{id}", method = "GET", function = "langchain" }
    "DELETE conversations/{id}"        = { path = "conversations/{id}", method = "DELETE", function = "langchain" }
  }

  routes = merge(local.app_routes, local.fixed_routes)

  # Paths with at least one route answer the CORS preflight.
  route_paths = toset([for route in values(local.routes) : route.path])

  # Methods each path allows, for the preflight's Access-Control-Allow-Methods.
  path_methods = {
    for path in local.route_paths : path => join(",", sort(concat(
      [for route in values(local.routes) : route.method if route.path == path],
      ["OPTIONS"],
    )))
  }

  top_level_paths = toset(["examples", "passthrough", "langchain", "openai_function_passthrough", "info", "conversations"])

  resource_ids = merge(
    { for path, resource in aws_api_gateway_resource.top_level : path => resource.id },
    { for slug, resource in aws_api_gateway_resource.app : "examples/${slug}" => resource.id },
    { "conversations/{id}" = aws_api_gateway_resource.conversation.id },
  )
}
