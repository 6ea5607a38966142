export { connectDrives } from './connections.js';
export { runTour, type TourStep } from './tour.js';
