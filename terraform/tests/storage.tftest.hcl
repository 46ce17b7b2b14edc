mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "the_usage_table_counts_per_owner_period_and_scope_and_expires_them" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.usage.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.usage.hash_key == "owner_period" && aws_dynamodb_table.usage.range_key == "scope"
    error_message = "The usage table is on-demand, keyed by owner_period and scope."
  }

  assert {
    condition     = aws_dynamodb_table.usage.ttl[0].enabled && aws_dynamodb_table.usage.ttl[0].attribute_name == "expires_at" && output.usage_table_name == "aws-openai-usage"
    error_message = "Usage items expire by expires_at, and the table name follows the identifier."
  }
}

run "the_memory_table_keys_conversations_by_turn_and_expires_them" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.memory.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.memory.hash_key == "conversation_id" && aws_dynamodb_table.memory.range_key == "seq"
    error_message = "The memory table is on-demand, keyed by conversation_id and seq."
  }

  assert {
    condition     = toset([for attribute in aws_dynamodb_table.memory.attribute : "${attribute.name}:${attribute.type}"]) == toset(["conversation_id:S", "seq:N", "owner:S", "updated_at:S"])
    error_message = "conversation_id is a string, seq a number; the summaries' owner and updated_at are strings."
  }

  assert {
    condition     = one([for index in aws_dynamodb_table.memory.global_secondary_index : index if index.name == "by_owner"]).hash_key == "owner" && one([for index in aws_dynamodb_table.memory.global_secondary_index : index if index.name == "by_owner"]).range_key == "updated_at"
    error_message = "GET /conversations lists an owner's conversations newest first through the by_owner index (owner, updated_at)."
  }

  assert {
    condition     = aws_dynamodb_table.memory.ttl[0].enabled && aws_dynamodb_table.memory.ttl[0].attribute_name == "expires_at" && aws_dynamodb_table.memory.point_in_time_recovery[0].enabled
    error_message = "TTL on expires_at and point-in-time recovery must be on."
  }

  assert {
    condition     = alltrue([for fn in ["langchain", "openai_v2", "openai_function"] : aws_lambda_function.this[fn].environment[0].variables["MEMORY_TABLE"] == aws_dynamodb_table.memory.name]) && output.memory_table_name == "aws-openai-memory"
    error_message = "Every chat function must be told the table's name."
  }
}

run "the_plugin_bucket_is_private_encrypted_versioned_and_holds_the_plugins" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.plugins.block_public_acls,
      aws_s3_bucket_public_access_block.plugins.block_public_policy,
      aws_s3_bucket_public_access_block.plugins.ignore_public_acls,
      aws_s3_bucket_public_access_block.plugins.restrict_public_buckets,
    ])
    error_message = "All public access to the plugin bucket must be blocked."
  }

  assert {
    condition     = aws_s3_bucket_versioning.plugins.versioning_configuration[0].status == "Enabled" && one(one(aws_s3_bucket_server_side_encryption_configuration.plugins.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The plugin bucket must be versioned and encrypted."
  }

  assert {
    condition     = toset([for object in aws_s3_object.plugin : object.key]) == toset([for file in fileset("../plugins", "*.yaml") : "plugins/${file}"])
    error_message = "Each plugin of the repository must be uploaded under the plugin prefix."
  }

  assert {
    condition = (
      aws_lambda_function.this["openai_function"].environment[0].variables["PLUGINS_S3_BUCKET"] == "aws-openai-plugins-123456789012"
      && aws_lambda_function.this["openai_function"].environment[0].variables["PLUGINS_S3_PREFIX"] == "plugins/"
    )
    error_message = "openai_function must be told where the plugins are."
  }
}
