namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>
/// Which neighbour is the reference. Remove: upper = M(D), lower = M(D − one record);
/// Add: upper = M(D), lower = M(D + one record). With subsampling the two PLDs differ and
/// add/remove DP needs the worse of both.
/// </summary>
public enum AdjacencyType { Remove, Add }
