namespace Courier.Providers.Meta;

/// <summary>Graph's error object: <c>{"error":{message,type,code,error_subcode,is_transient,error_user_title,error_user_msg,fbtrace_id}}</c>.</summary>
public sealed record MetaGraphError(int Code, int? Subcode, string? Message, string? Type, bool IsTransient, string? UserMessage, string? FbTraceId);
