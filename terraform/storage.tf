resource "aws_s3_bucket" "plugins" {
  bucket        = local.plugin_bucket
  force_destroy = var.plugin_bucket_force_destroy
}

resource "aws_s3_bucket_public_access_block" "plugins" {
  bucket                  = aws_s3_bucket.plugins.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "plugins" {
  bucket = aws_s3_bucket.plugins.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "plugins" {
  bucket = aws_s3_bucket.plugins.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "plugins" {
  bucket = aws_s3_bucket.plugins.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "plugins" {
  bucket = aws_s3_bucket.plugins.id
  policy = jsonencode({
    Version = "2012-10-17"
    # A deny: the wildcard takes rights away (every S3 call over plain HTTP), it grants none.
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.plugins.arn, "${aws_s3_bucket.plugins.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.plugins]
}

# The repository's plugins; more can be dropped into the bucket later without a deploy.
resource "aws_s3_object" "plugin" {
  for_each = local.plugin_files

  bucket       = aws_s3_bucket.plugins.id
  key          = "${var.plugins_s3_prefix}${each.key}"
  source       = "${path.module}/../plugins/${each.key}"
  etag         = filemd5("${path.module}/../plugins/${each.key}")
  content_type = "application/yaml"

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.plugins]
}

resource "aws_dynamodb_table" "memory" {
  name         = local.memory_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "conversation_id"
  range_key    = "seq"

  attribute {
    name = "conversation_id"
    type = "S"
  }

  attribute {
    name = "seq"
    type = "N"
  }

  attribute {
    name = "owner"
    type = "S"
  }

  attribute {
    name = "updated_at"
    type = "S"
  }

  # Sparse: only each conversation's summary item has an owner. GET /conversations is one Query on it.
  global_secondary_index {
    name            = "by_owner"
    hash_key        = "owner"
    range_key       = "updated_at"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Token counters per key, period, app and model (src/common/usage/table.ts); a table of its own so
# metering's writes and TTLs never touch the conversations (docs/operations.md).
resource "aws_dynamodb_table" "usage" {
  name         = local.usage_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "owner_period"
  range_key    = "scope"

  attribute {
    name = "owner_period"
    type = "S"
  }

  attribute {
    name = "scope"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled = true
  }
}
