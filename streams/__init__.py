"""The stream processor (faust): folds petition-events and appends the decisions it takes."""
