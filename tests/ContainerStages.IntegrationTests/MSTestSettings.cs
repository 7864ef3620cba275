// Each test drives a full dotnet publish and a container build; on a 2-core machine running them
// one at a time is faster and keeps their timings readable.
[assembly: DoNotParallelize]
