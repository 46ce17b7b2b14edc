mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

# The mock gives every table the memory table's ARN; the policies must tell the two apart.
override_resource {
  target          = aws_dynamodb_table.usage
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-usage" }
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "each_function_runs_node22_on_arm64_from_its_zip" {
  command = plan

  assert {
    condition     = toset(keys(aws_lambda_function.this)) == toset(["openai_v2", "langchain", "openai_function", "openai_compat", "info"])
    error_message = "Expected exactly the five handler functions."
  }

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.this :
      function.runtime == "nodejs22.x" && function.architectures == tolist(["arm64"]) && function.handler == "index.handler"
      && function.filename == "tests/fixtures/packages/${fn}.zip" && function.source_code_hash == filebase64sha256("tests/fixtures/packages/${fn}.zip")
    ])
    error_message = "Each function must run nodejs22.x on arm64 from dist/lambda/<name>.zip with index.handler."
  }

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.this :
      function.layers == (contains(["openai_function", "openai_compat"], fn) ? tolist([aws_lambda_layer_version.this["plugins"].arn]) : tolist([]))
    ])
    error_message = "Only the functions that run the plugin handler (openai_function, openai_compat) attach the plugins layer."
  }
}

run "openai_compat_may_do_what_the_chat_functions_do" {
  command = plan

  variables {
    allowed_models = ["gpt-4o", "gpt-4o-mini"]
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(aws_iam_role_policy.function["openai_compat"].policy).Statement : statement.Sid
    ])) == toset(["OwnLogGroup", "ReadSecretParameters", "DecryptSecretParameters", "MeterUsage", "ConversationTurns", "ReadPlugins", "ListPlugins"])
    error_message = "openai_compat runs every chat handler's core: it needs their rights (usage, memory, plugins) and no others."
  }

  assert {
    condition     = aws_lambda_function.this["openai_compat"].environment[0].variables["ALLOWED_MODELS"] == "gpt-4o,gpt-4o-mini"
    error_message = "allowed_models must reach openai_compat as ALLOWED_MODELS."
  }
}

run "allowed_models_are_model_ids" {
  command = plan

  variables {
    allowed_models = ["gpt-4o,gpt-4o-mini"]
  }

  expect_failures = [var.allowed_models]
}

run "each_function_has_its_own_role_and_log_group" {
  command = plan

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.this :
      function.role == "arn:aws:iam::123456789012:role/aws-openai-${fn}" && aws_iam_role.function[fn].name == "aws-openai-${fn}"
    ])
    error_message = "Each function must run as its own role."
  }

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.this :
      aws_cloudwatch_log_group.function[fn].name == "/aws/lambda/${function.function_name}"
      && function.logging_config[0].log_group == aws_cloudwatch_log_group.function[fn].name
      && function.logging_config[0].log_format == "JSON"
      && aws_cloudwatch_log_group.function[fn].retention_in_days == 30
    ])
    error_message = "Each function must log JSON into its own log group with the retention variable."
  }

  assert {
    condition = alltrue([
      for fn in keys(aws_lambda_function.this) :
      aws_iam_role_policy.function[fn].role == aws_iam_role.function[fn].id
      && jsondecode(aws_iam_role_policy.function[fn].policy).Statement[0].Resource == ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-${fn}:*"]
    ])
    error_message = "Each role may write to its own log group only."
  }
}

run "policies_grant_no_wildcard_action_and_only_what_each_handler_needs" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for policy in aws_iam_role_policy.function : [
        for statement in jsondecode(policy.policy).Statement : [
          for action in flatten([statement.Action]) : !strcontains(action, "*") && statement.Effect == "Allow"
        ]
      ]
    ]))
    error_message = "A function policy grants a wildcard action."
  }

  assert {
    condition = alltrue(flatten([
      for policy in aws_iam_role_policy.function : [
        for statement in jsondecode(policy.policy).Statement : [for resource in flatten([statement.Resource]) : resource != "*"]
      ]
    ]))
    error_message = "A function policy grants an action on every resource."
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(aws_iam_role_policy.function["openai_function"].policy).Statement : statement.Action
      if startswith(statement.Action[0], "s3:")
    ])) == toset(["s3:GetObject", "s3:ListBucket"])
    error_message = "openai_function reads the plugin prefix: s3:GetObject and s3:ListBucket."
  }

  assert {
    condition = one([
      for statement in jsondecode(aws_iam_role_policy.function["openai_function"].policy).Statement : statement.Resource
      if statement.Action == ["s3:GetObject"]
    ]) == ["arn:aws:s3:::aws-openai-plugins-123456789012/plugins/*"]
    error_message = "openai_function may read objects under the plugin prefix only."
  }

  assert {
    condition = alltrue([
      for fn in ["openai_v2", "langchain"] : alltrue([
        for statement in jsondecode(aws_iam_role_policy.function[fn].policy).Statement : !startswith(statement.Action[0], "s3:")
      ])
    ])
    error_message = "openai_v2 and langchain have no business with the plugin bucket."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.function["info"].policy).Statement :
      statement.Action == ["s3:ListBucket"] && statement.Resource == ["arn:aws:s3:::aws-openai-plugins-123456789012"] if startswith(statement.Action[0], "s3:")
    ])
    error_message = "info may only check that the plugin bucket exists (HeadBucket), not read plugins."
  }

  assert {
    condition = alltrue([
      for fn in ["openai_v2", "openai_function", "langchain"] : anytrue([
        for statement in jsondecode(aws_iam_role_policy.function[fn].policy).Statement :
        statement.Resource == ["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-memory"] && toset(statement.Action) == toset(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"])
      ])
    ])
    error_message = "Every chat function stores conversation turns: Get, Put, Update and Query on the memory table."
  }

  assert {
    condition = alltrue([
      for fn in ["openai_v2", "openai_function"] : alltrue([
        for statement in jsondecode(aws_iam_role_policy.function[fn].policy).Statement :
        contains([["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-memory"], ["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-usage"]], statement.Resource) && !contains(statement.Action, "dynamodb:BatchWriteItem") if startswith(statement.Action[0], "dynamodb:")
      ])
    ])
    error_message = "openai_v2 and openai_function only store turns and meter usage: no by_owner index, no batch deletes."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.function["langchain"].policy).Statement :
      contains([["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-memory"], ["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-memory", "arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-memory/index/by_owner"], ["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-usage"]], statement.Resource) if startswith(statement.Action[0], "dynamodb:")
    ])
    error_message = "langchain's table rights must be on the memory table (and its by_owner index) and the usage counters only."
  }

  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.function["info"].policy).Statement : [
        for action in statement.Action :
        contains(["logs:CreateLogStream", "logs:PutLogEvents", "ssm:GetParameter", "ssm:GetParameters", "kms:Decrypt"], action)
        || startswith(split(":", action)[1], "Get") || startswith(split(":", action)[1], "Describe") || startswith(split(":", action)[1], "List")
        || action == "apigateway:GET" || contains(["dynamodb:Query", "dynamodb:Scan"], action)
      ]
    ]))
    error_message = "info may only read (Get/Describe/List, and Query and Scan of the usage counters), besides logging and its secrets."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.function["info"].policy).Statement :
      statement.Resource == ["arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-usage"] if contains(statement.Action, "dynamodb:Scan") || contains(statement.Action, "dynamodb:Query")
    ])
    error_message = "info may query and scan the usage counters (GET /usage) and no other table."
  }
}

run "admin_key_of_the_usage_view_is_a_parameter_only_info_reads" {
  command = plan

  variables {
    usage_admin_key         = "admin-test-0000000000000000000000"
    usage_admin_key_version = 1
    token_budget_per_key = {
      abc123 = { daily = 5000, monthly = 0 }
    }
  }

  assert {
    condition     = aws_ssm_parameter.usage_admin_key[0].type == "SecureString" && aws_ssm_parameter.usage_admin_key[0].value_wo_version == 1
    error_message = "The admin key must be a write-only SecureString parameter."
  }

  assert {
    condition = (
      aws_lambda_function.this["info"].environment[0].variables["ADMIN_API_KEY_PARAMETER"] == "/stacks/aws-openai/admin-api-key"
      && alltrue([for fn in ["openai_v2", "langchain", "openai_function"] : !contains(keys(aws_lambda_function.this[fn].environment[0].variables), "ADMIN_API_KEY_PARAMETER")])
      && !strcontains(jsonencode([for function in aws_lambda_function.this : function.environment[0].variables]), "admin-test-")
    )
    error_message = "Only info names the admin key's parameter, and no environment holds the key."
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.this : function.environment[0].variables["TOKEN_BUDGET_OVERRIDES"] == "abc123=5000/0"])
    error_message = "token_budget_per_key reach every function as TOKEN_BUDGET_OVERRIDES."
  }
}

run "secrets_stay_in_parameter_store" {
  command = plan

  assert {
    condition = alltrue([
      for function in aws_lambda_function.this :
      !contains(values(function.environment[0].variables), "sk-test-0000000000000000000000000000")
      && !contains(keys(function.environment[0].variables), "OPENAI_API_KEY")
      && function.environment[0].variables["OPENAI_API_KEY_PARAMETER"] == "/stacks/aws-openai/openai-api-key"
    ])
    error_message = "A function's environment must name the key's parameter, never hold the key."
  }

  assert {
    condition     = aws_ssm_parameter.openai_api_key.type == "SecureString" && aws_ssm_parameter.openai_api_key.key_id == aws_kms_key.secrets.arn && aws_ssm_parameter.openai_api_key.value_wo_version == 1
    error_message = "The key must be a SecureString under the stack's KMS key, written write-only (no value in state)."
  }

  assert {
    condition = alltrue([
      for policy in aws_iam_role_policy.function :
      one([for statement in jsondecode(policy.policy).Statement : statement.Resource if statement.Sid == "ReadSecretParameters"]) == [aws_ssm_parameter.openai_api_key.arn]
      && one([for statement in jsondecode(policy.policy).Statement : statement.Resource if statement.Sid == "DecryptSecretParameters"]) == [aws_kms_key.secrets.arn]
    ])
    error_message = "Each function may read and decrypt exactly the secret parameters."
  }

  assert {
    condition     = !strcontains(jsonencode([output.api_key_id, output.plugin_bucket_name, output.memory_table_name, output.openai_api_key_parameter, output.function_names]), "sk-test-")
    error_message = "No output may carry the key."
  }
}

run "each_function_gets_the_environment_the_smoke_test_runs_it_with" {
  command = plan

  assert {
    condition = alltrue([
      for fn, function in aws_lambda_function.this :
      jsonencode(function.environment[0].variables) == jsonencode(jsondecode(file("tests/fixtures/function-environment.json")).functions[fn])
    ])
    error_message = "A function's environment differs from tests/fixtures/function-environment.json, which test/deploy runs the packages with."
  }
}

run "debug_mode_lowers_the_level_lambda_keeps" {
  command = plan

  variables {
    debug_mode = true
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.this : function.logging_config[0].application_log_level == "DEBUG" && function.environment[0].variables["DEBUG_MODE"] == "true"])
    error_message = "With debug_mode, Lambda must keep DEBUG lines, or the debug output is dropped."
  }
}

run "only_this_apis_stage_may_invoke_the_functions" {
  command = plan

  assert {
    condition = alltrue([
      for fn, permission in aws_lambda_permission.api_gateway :
      permission.action == "lambda:InvokeFunction" && permission.principal == "apigateway.amazonaws.com"
      && permission.source_arn == "arn:aws:execute-api:us-east-1:123456789012:restapi123/v1/*/*"
    ])
    error_message = "Each function may be invoked by this API's v1 stage only, never by any principal."
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.this : function.logging_config[0].system_log_level == "INFO"])
    error_message = "Lambda must keep its START and REPORT lines (system log level INFO)."
  }
}

run "secret_parameter_names_are_never_reserved" {
  command = plan

  variables {
    shared_resource_identifier = "ssm-chat"
  }

  # Parameter Store refuses a name whose first level starts with aws or ssm, in any case.
  assert {
    condition = alltrue([
      for name in values(local.secret_parameters) :
      !can(regex("^/?(?i)(aws|ssm)", name)) && startswith(name, "/stacks/ssm-chat/")
    ])
    error_message = "A secret parameter name must not start with aws or ssm, whatever the identifier."
  }
}

run "request_limits_reach_the_chat_functions_only" {
  command = plan

  variables {
    max_messages      = 20
    max_message_chars = 4000
    max_tools         = 8
  }

  assert {
    condition = alltrue([
      for fn in ["openai_v2", "langchain", "openai_function", "openai_compat"] :
      aws_lambda_function.this[fn].environment[0].variables.MAX_MESSAGES == "20"
      && aws_lambda_function.this[fn].environment[0].variables.MAX_MESSAGE_CHARS == "4000"
      && aws_lambda_function.this[fn].environment[0].variables.MAX_TOOLS == "8"
    ])
    error_message = "Every chat function reads the request limits set by its variables."
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this["info"].environment[0].variables), "MAX_MESSAGES")
    error_message = "The info function reads no request body, so it gets no request limits."
  }
}
