using Rapport.Cli;

return await RapportCommandLine.RunAsync(args);
