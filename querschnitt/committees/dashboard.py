"""What committee work adds to a body's start page and navigation (registered once its pages exist)."""
