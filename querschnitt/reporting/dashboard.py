"""What reporting adds to the navigation and the footer."""
