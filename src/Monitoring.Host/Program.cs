using Monitoring.Host.Commands;

return await MonitoringCommand.Create().Parse(args).InvokeAsync();
