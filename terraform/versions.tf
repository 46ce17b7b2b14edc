terraform {
  # 1.11: write-only arguments keep the OpenAI key out of the state file.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      Project                  = "aws-openai"
      SharedResourceIdentifier = var.shared_resource_identifier
      ManagedBy                = "terraform"
    })
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}
