// The desk's script (desk-ui): plain JavaScript, no build step.
