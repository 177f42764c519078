// The page's entry point: defining the dashboard element renders it where index.html places it.
import './components/scientist-dashboard.js';
