namespace Flexiffusion.Diffusion.Schedules;

/// <summary>How a teacher's sampling steps are spread over the training timesteps.</summary>
public enum TimestepSpacing
{
    /// <summary>t_i = i·⌊T/S⌋ (DDIM's "uniform").</summary>
    Uniform,

    /// <summary>t_i = ⌊(i·√(0.8T)/(S−1))²⌋, made strictly increasing (DDIM's CIFAR-10 "quadratic").</summary>
    Quadratic,
}
