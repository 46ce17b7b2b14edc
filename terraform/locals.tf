locals {
  name       = var.shared_resource_identifier
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  package_dir = coalesce(var.package_dir, "${path.module}/../dist/lambda")

  # The same catalog file the local server reads: one list of apps, never a second one here.
  catalog_apps = { for app in jsondecode(file("${path.module}/../catalog/apps.json")).apps : app.slug => app }

  plugin_files = fileset("${path.module}/../plugins", "*.yaml")

  # One function per src/handlers/<name> folder (test/deploy checks the two agree); the authorizer's
  # folder is deployed apart, only when bearer_api_keys is on (authorizer.tf).
  function_list       = ["info", "langchain", "openai_compat", "openai_function", "openai_v2"]
  function_names      = toset(local.function_list)
  authorizer_function = "api_key_authorizer"

  # Chat handlers answer in response-streaming mode (API Gateway's STREAM integration), JSON or events,
  # so they may run as long as a streamed answer; info answers buffered.
  buffered_function_list = ["info"]
  buffered_functions     = toset(local.buffered_function_list)
  function_timeouts = {
    for fn in local.function_list : fn => contains(local.buffered_functions, fn) ? var.lambda_timeout : ceil(var.stream_integration_timeout_ms / 1000) + 10
  }

  # Layer contents are decided in docs/packaging.md; `functions` lists who attaches each layer.
  layers = {
    plugins = { functions = ["openai_compat", "openai_function"] }
  }

  memory_table_name = "${local.name}-memory"
  usage_table_name  = "${local.name}-usage"
  plugin_bucket     = "${local.name}-plugins-${local.account_id}"

  # Secrets the functions read from Parameter Store at cold start: setting name -> parameter name.
  # Under a fixed first level: Parameter Store reserves every name whose first level starts with
  # "aws" or "ssm", which the default identifier "aws-openai" does.
  secret_parameters = {
    OPENAI_API_KEY = "/${local.parameter_prefix}/${local.name}/openai-api-key"
  }
  parameter_prefix = "stacks"
}
